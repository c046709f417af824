"""The clean stage: raw exports of one period → validated, recomputed, tidy tables + audit.

Everything is read and checked in memory first; only then is the period's processed folder
replaced as a whole, so bad input never overwrites good processed data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from helpers import audit, catalog, clean_cache, statement_audit
from helpers.catalog import (
    AUDIT,
    BUDGET_SUMMARY,
    CLEAN_STAGE,
    FORECAST_ADJUSTMENTS,
    GOAL_REALISATIONS,
    GOALS,
    INCOME_STATEMENT,
    INVESTMENTS,
    MONTHLY_ACTUALS,
    PROJECTS,
    SURVEYS,
)
from helpers.config import (
    ENTITY_CONFIG_NAME,
    EntityConfig,
    load_entity_config,
    parse_period_end,
    period_dir,
)
from helpers.errors import InputDataError
from helpers.finnish import format_date
from helpers.income_statement import (
    check_complete,
    plain_texts,
    read_income_statement,
    recompute_subtotals,
)
from helpers.ingest import load_table
from helpers.rawfiles import check_folder, find_table
from helpers.schemas import ENTITY, NATIONAL, PERIOD
from helpers.statement_conventions import (
    add_department_total,
    check_sign_convention,
    department_is_summed,
)
from helpers.store import staged_directory
from helpers.surveys import (
    BASELINE_PREFIX,
    TARGET_ABOVE,
    TARGET_BELOW,
    suppress_small_groups,
)
from helpers.unit_costs import check_unit_cost_inputs


def read_statements(
    raw_dir: Path, config: EntityConfig, day: dt.date
) -> tuple[dict[str, pd.DataFrame], list]:
    """The income statement and the TULOT / MENOT / NETTO summary, with their audit rows.

    Amounts are converted to the suite's sign convention and checked against the entity's
    declaration; a department printed without rows of its own is summed from its areas.
    """
    source = period_dir(Path(raw_dir), config.slug, day)
    tables: dict[str, pd.DataFrame] = {}
    findings: list = []  # single findings and audit frames (helpers.audit.audit_frame)
    statement_file = find_table(source, INCOME_STATEMENT.raw_file_stem)
    if statement_file is None:
        return tables, findings
    exported, printed = read_income_statement(statement_file, config, day)
    # Every service area must be printed (the department may be summed from them), and when
    # the export itemises lines, every itemised line of entity.yml; a note of subtotals only
    # (toimintakate to date) has none, and its missing lines are unknown, not zero.
    itemised = [line.name for line in config.lines if not line.is_subtotal]
    check_complete(
        exported,
        statement_file,
        units=[u.label for u in config.service_areas],
        lines=itemised if exported["line"].isin(itemised).any() else [],
    )
    subtotalled = recompute_subtotals(exported, config)
    # The statement's texts are categorical codes up to here (see docs/performance.md, "A
    # million rows"): the processed table has plain texts, made last; the checks before it
    # and the audit read the codes, by label only. A department summed from its areas is
    # summed on the plain texts, as the processed table holds it.
    if department_is_summed(subtotalled, config):
        subtotalled = plain_texts(subtotalled)
    processed = add_department_total(subtotalled, config)
    check_sign_convention(processed, printed, config, statement_file)
    processed = plain_texts(processed)
    tables[INCOME_STATEMENT.name] = processed
    findings.append(
        statement_audit.statement_audit(exported, processed, printed, config, statement_file.name)
    )
    summary_file = find_table(source, BUDGET_SUMMARY.raw_file_stem)
    if summary_file is not None:
        summary, summary_printed = read_income_statement(
            summary_file, config, day, lines=list(config.summary_lines)
        )
        summary = plain_texts(summary)
        department = config.department_unit.label
        check_complete(summary, summary_file, [department], list(config.summary_lines), department)
        summary_roles = {
            role: row
            for row, line in config.summary_lines.items()
            for role, role_line in config.roles.items()
            if line == role_line
        }
        check_sign_convention(summary, summary_printed, config, summary_file, summary_roles)
        tables[BUDGET_SUMMARY.name] = summary
        findings.append(
            statement_audit.summary_checks(
                summary, summary_printed, processed, config, summary_file.name
            )
        )
    return tables, findings


def check_references(tables: dict[str, pd.DataFrame], config: EntityConfig, day: dt.date):
    """Rules between tables and against the config: known goal ids, known units and unit codes,
    known survey reference types, the period. An empty unit code is allowed (a goal of no
    service area); an unknown one stops the run."""
    goals, realisations = tables.get(GOALS.name), tables.get(GOAL_REALISATIONS.name)
    if goals is not None:
        _check_unit_codes(goals, config)
    if tables.get(SURVEYS.name) is not None:
        _check_reference_types(tables[SURVEYS.name])
    if goals is not None and realisations is not None:
        unknown = realisations[~realisations["goal_id"].isin(goals["goal_id"])]
        if not unknown.empty:
            row = unknown.iloc[0]
            raise InputDataError(
                f"goal '{row['goal_id']}' is not in {GOALS.raw_file_stem}",
                file=row["source_file"],
                row=int(row["source_row"]),
                column="Tunnus",
            )
    for name in (FORECAST_ADJUSTMENTS.name, MONTHLY_ACTUALS.name):
        frame = tables.get(name)
        if frame is None:
            continue
        for _, row in frame.iterrows():
            for column, label, known in (
                ("unit", "Yksikkö", {u.label for u in config.units}),
                ("line", "Rivi", set(config.line_names)),
            ):
                if row[column] not in known:
                    raise InputDataError(
                        f"unknown {'unit' if column == 'unit' else 'line'} '{row[column]}'",
                        file=row["source_file"],
                        row=int(row["source_row"]),
                        column=label,
                    )
    check_unit_cost_inputs(tables, config)
    units = {u.label for u in config.units}
    for name in (catalog.UNIT_TEXTS.name, catalog.ENVIRONMENT_CHANGES.name):
        for _, row in tables.get(name, pd.DataFrame(columns=["unit"])).iterrows():
            _check_unit_label(row, units)
    assessments = tables.get(catalog.ASSESSMENTS.name)
    if assessments is not None:
        for _, row in assessments.iterrows():
            _check_unit_label(row, units)
            if row["date"].date() != day:
                raise InputDataError(
                    f"dated {format_date(row['date'])}, but the period ends {format_date(day)}",
                    file=row["source_file"],
                    row=int(row["source_row"]),
                    column="Päivämäärä",
                )


def _check_unit_label(row: pd.Series, units: set[str]) -> None:
    """A raw text's ``Yksikkö`` is a unit label of entity.yml, or the run stops naming it."""
    if row["unit"] not in units:
        raise InputDataError(
            f"unknown unit '{row['unit']}' (known: {', '.join(sorted(units))})",
            file=row["source_file"],
            row=int(row["source_row"]),
            column="Yksikkö",
        )


def _check_unit_codes(goals: pd.DataFrame, config: EntityConfig) -> None:
    known = sorted({code for u in config.units for code in (u.code, *u.aliases) if code})
    for _, row in goals.dropna(subset=["unit_code"]).iterrows():
        if config.unit_by_code(row["unit_code"]) is None:
            raise InputDataError(
                f"unknown service-area code '{row['unit_code']}' (known: {', '.join(known)}; "
                "leave the cell empty for a goal of no service area)",
                file=row["source_file"],
                row=int(row["source_row"]),
                column="Palvelualue",
            )


def _check_reference_types(surveys: pd.DataFrame) -> None:
    """A survey's reference says how its share is judged, so it must be one the rules know."""
    known = (TARGET_BELOW, TARGET_ABOVE, f"{BASELINE_PREFIX} …")
    for _, row in surveys.dropna(subset=["reference_value"]).iterrows():
        kind = "" if pd.isna(row["reference_type"]) else str(row["reference_type"])
        if kind not in known[:2] and not kind.startswith(BASELINE_PREFIX):
            raise InputDataError(
                f"unknown reference type '{kind}' (known: {', '.join(known)})",
                file=row["source_file"],
                row=int(row["source_row"]),
                column="Vertailun laji",
            )


def check_raw_folders(raw_dir: Path, entity: str, day: dt.date) -> None:
    """Every file in the national, entity and period folders is one the clean stage reads (in
    any letter case), a note, or the run stops naming it (see data/raw/README.md)."""
    raw_dir = Path(raw_dir)
    by_scope = {
        scope: [ds.raw.stem for ds in catalog.RAW_DATASETS.values() if ds.raw.scope == scope]
        for scope in (NATIONAL, ENTITY, PERIOD)
    }
    statements = [INCOME_STATEMENT.raw_file_stem, BUDGET_SUMMARY.raw_file_stem]
    by_scope[PERIOD] = [*statements, *by_scope[PERIOD]]
    entity_dir = raw_dir / entity
    places = {
        NATIONAL: f"{raw_dir} (shared by all entities)",
        ENTITY: f"the entity folder {entity_dir}",
        PERIOD: f"a period folder {entity_dir}/<YYYY-MM-DD>",
    }

    def elsewhere(scope: str) -> dict[str, str]:
        return {s: places[o] for o in by_scope if o != scope for s in by_scope[o]}

    check_folder(raw_dir, by_scope[NATIONAL], elsewhere(NATIONAL), lambda name: True)
    check_folder(
        entity_dir,
        by_scope[ENTITY],
        elsewhere(ENTITY),
        _is_period_folder,
        fixed=[ENTITY_CONFIG_NAME],
    )
    check_folder(entity_dir / day.isoformat(), by_scope[PERIOD], elsewhere(PERIOD))


def _is_period_folder(name: str) -> bool:
    """``2024-06-30``: an ISO date on the last day of a month."""
    try:
        day = dt.date.fromisoformat(name)
    except ValueError:
        return False
    return day.isoformat() == name and (day + dt.timedelta(days=1)).day == 1


def build_processed(
    raw_dir: Path, entity: str, period_end: str | dt.date
) -> tuple[EntityConfig, dict[str, pd.DataFrame]]:
    """Read, validate and audit every raw table of the period; nothing is written here.

    A table without a raw file for the period is simply absent from the result. Each raw
    file is parsed only when it (or the configuration, or the code) changed since it was
    last parsed (``helpers.clean_cache``); the rules across tables and the audit run always.
    """
    day = parse_period_end(period_end)
    raw_dir = Path(raw_dir)
    config = load_entity_config(raw_dir, entity)
    check_raw_folders(raw_dir, entity, day)
    config_file, code = raw_dir / entity / ENTITY_CONFIG_NAME, clean_cache.code_hash()

    def key(kind: str, files: list[Path | None]) -> str:
        return clean_cache.file_key(kind, files, config_file, day.isoformat(), code)

    period = period_dir(raw_dir, entity, day)
    statements = [find_table(period, ds.raw_file_stem) for ds in (INCOME_STATEMENT, BUDGET_SUMMARY)]
    tables, findings = clean_cache.cached(
        key("statements", statements), lambda: read_statements(raw_dir, config, day)
    )
    for ds in catalog.RAW_DATASETS.values():
        file = find_table(raw_folder(raw_dir, entity, day, ds.raw.scope), ds.raw.stem)
        table, totals = clean_cache.cached(
            key(ds.name, [file]), lambda ds=ds: load_table(ds.raw, raw_dir, entity, day)
        )
        if table.empty and totals.empty:
            continue
        tables[ds.name] = table
        if ds is PROJECTS:
            findings += audit.total_checks(table, totals, "total_funding", "Kokonaisrahoitus €")
    check_references(tables, config, day)
    if INVESTMENTS.name in tables:
        findings += audit.investment_checks(tables[INVESTMENTS.name])
    if SURVEYS.name in tables:
        # The audit compares the printed figures, blanking those of small groups; the processed
        # table then carries the suppression into every later output.
        findings += audit.survey_share_checks(tables[SURVEYS.name])
        tables[SURVEYS.name] = suppress_small_groups(tables[SURVEYS.name])
    if catalog.KEY_FIGURES.name in tables:
        findings += audit.key_figure_unit_checks(tables[catalog.KEY_FIGURES.name])
    tables[AUDIT.name] = audit.audit_frame(findings)
    # Our own outputs are checked as strictly as the inputs before anything is written (a
    # table whose exact content passed before with this configuration and code is not).
    clean_cache.validate_unless_passed(
        tables,
        config_file,
        code,
        lambda name: catalog.validate_stage({name: tables[name]}, config, stage=CLEAN_STAGE),
    )
    return config, tables


def raw_folder(raw_dir: Path, entity: str, day: dt.date, scope: str) -> Path:
    """The folder a raw table of ``scope`` is read from (as ``ingest.load_table`` reads it)."""
    return {
        PERIOD: Path(raw_dir) / entity / day.isoformat(),
        ENTITY: Path(raw_dir) / entity,
        NATIONAL: Path(raw_dir),
    }[scope]


def write_processed(
    tables: dict[str, pd.DataFrame], processed_dir: Path, entity: str, period_end: str | dt.date
) -> Path:
    """Replace the period's processed folder as a whole: parquet per table + audit.csv."""
    target = period_dir(Path(processed_dir), entity, period_end)
    with staged_directory(target) as staging:
        catalog.write_frames(staging, tables, stage=CLEAN_STAGE)
        tables[AUDIT.name].to_csv(staging / AUDIT.also_written, index=False, sep=";", decimal=",")
    return target
