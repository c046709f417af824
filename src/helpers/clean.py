"""The clean stage: raw exports of one period → validated, recomputed, tidy tables + audit.

Everything is read and checked in memory first; only then is the period's processed folder
replaced as a whole, so bad input never overwrites good processed data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from helpers import audit, catalog
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
from helpers.config import EntityConfig, load_entity_config, parse_period_end, period_dir
from helpers.errors import InputDataError
from helpers.finnish import format_date
from helpers.income_statement import read_income_statement, recompute_subtotals
from helpers.ingest import find_table, load_table
from helpers.statement_conventions import add_department_total, check_sign_convention
from helpers.store import staged_directory
from helpers.unit_costs import check_unit_cost_inputs


def read_statements(
    raw_dir: Path, config: EntityConfig, day: dt.date
) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """The income statement and the TULOT / MENOT / NETTO summary, with their audit rows.

    Amounts are converted to the suite's sign convention and checked against the entity's
    declaration; a department printed without rows of its own is summed from its areas.
    """
    source = period_dir(Path(raw_dir), config.slug, day)
    tables: dict[str, pd.DataFrame] = {}
    findings: list[dict] = []
    statement_file = find_table(source, INCOME_STATEMENT.raw_file_stem)
    if statement_file is None:
        return tables, findings
    exported, printed = read_income_statement(statement_file, config, day)
    processed = add_department_total(recompute_subtotals(exported, config), config)
    check_sign_convention(processed, printed, config, statement_file)
    tables[INCOME_STATEMENT.name] = processed
    findings += audit.statement_checks(exported, processed, printed, config, statement_file.name)
    findings += audit.department_checks(exported, processed, config, statement_file.name)
    summary_file = find_table(source, BUDGET_SUMMARY.raw_file_stem)
    if summary_file is not None:
        summary, summary_printed = read_income_statement(
            summary_file, config, day, lines=list(config.summary_lines)
        )
        summary_roles = {
            role: row
            for row, line in config.summary_lines.items()
            for role, role_line in config.roles.items()
            if line == role_line
        }
        check_sign_convention(summary, summary_printed, config, summary_file, summary_roles)
        tables[BUDGET_SUMMARY.name] = summary
        findings += audit.summary_checks(
            summary, summary_printed, processed, config, summary_file.name
        )
    return tables, findings


def check_references(tables: dict[str, pd.DataFrame], config: EntityConfig, day: dt.date):
    """Rules between tables and against the config: known goal ids, known units, the period."""
    goals, realisations = tables.get(GOALS.name), tables.get(GOAL_REALISATIONS.name)
    if goals is not None and realisations is not None:
        unknown = realisations[~realisations["goal_id"].isin(goals["goal_id"])]
        if not unknown.empty:
            row = unknown.iloc[0]
            raise InputDataError(
                f"goal '{row['goal_id']}' is not in tavoitteet",
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
    assessments = tables.get(catalog.ASSESSMENTS.name)
    if assessments is not None:
        units = {u.label for u in config.units}
        for _, row in assessments.iterrows():
            if row["unit"] not in units:
                raise InputDataError(
                    f"unknown unit '{row['unit']}'",
                    file=row["source_file"],
                    row=int(row["source_row"]),
                    column="Yksikkö",
                )
            if row["date"].date() != day:
                raise InputDataError(
                    f"dated {format_date(row['date'])}, but the period ends {format_date(day)}",
                    file=row["source_file"],
                    row=int(row["source_row"]),
                    column="Päivämäärä",
                )


def build_processed(
    raw_dir: Path, entity: str, period_end: str | dt.date
) -> tuple[EntityConfig, dict[str, pd.DataFrame]]:
    """Read, validate and audit every raw table of the period; nothing is written here.

    A table without a raw file for the period is simply absent from the result.
    """
    day = parse_period_end(period_end)
    config = load_entity_config(Path(raw_dir), entity)
    tables, findings = read_statements(raw_dir, config, day)
    for ds in catalog.RAW_DATASETS.values():
        table, totals = load_table(ds.raw, Path(raw_dir), entity, day)
        if table.empty and totals.empty:
            continue
        tables[ds.name] = table
        if ds is PROJECTS:
            findings += audit.total_checks(table, totals, "total_funding", "Kokonaisrahoitus €")
    check_references(tables, config, day)
    if INVESTMENTS.name in tables:
        findings += audit.investment_checks(tables[INVESTMENTS.name])
    if SURVEYS.name in tables:
        findings += audit.survey_share_checks(tables[SURVEYS.name])
    if catalog.KEY_FIGURES.name in tables:
        findings += audit.key_figure_unit_checks(tables[catalog.KEY_FIGURES.name])
    tables[AUDIT.name] = audit.audit_frame(findings)
    # Our own outputs are checked as strictly as the inputs before anything is written.
    catalog.validate_stage(tables, config, stage=CLEAN_STAGE)
    return config, tables


def write_processed(
    tables: dict[str, pd.DataFrame], processed_dir: Path, entity: str, period_end: str | dt.date
) -> Path:
    """Replace the period's processed folder as a whole: parquet per table + audit.csv."""
    target = period_dir(Path(processed_dir), entity, period_end)
    with staged_directory(target) as staging:
        catalog.write_frames(staging, tables, stage=CLEAN_STAGE)
        tables[AUDIT.name].to_csv(staging / AUDIT.also_written, index=False, sep=";", decimal=",")
    return target
