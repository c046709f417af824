"""What a stage notebook needs and writes, and the guard that stops it when an input is missing.

Each stage notebook opens with ``open_stage(...)``: its folder parameters are resolved from
the project root (so the notebook runs the same from JupyterLab, from papermill started in
the repository root or in ``notebooks/``, and from the runner, which passes absolute paths),
it shows what it reads and writes, generated from the catalog, and it stops with a message
naming the missing input and the command that makes it, instead of running on empty tables.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path

from helpers import catalog
from helpers.config import (
    ENTITY_CONFIG_NAME,
    PROJECT_ROOT,
    WORKBOOK,
    EntityConfig,
    load_entity_config,
    parse_period_end,
    period_dir,
    validate_entity,
)
from helpers.schemas import ENTITY, NATIONAL, PERIOD

# The folder parameters' defaults, as the notebooks' parameters cells write them: relative
# to the project root (``project_path``), never to the working folder.
DEFAULT_DIRS = {"raw_dir": "data/raw", "processed_dir": "data/processed", "reports": "reports"}
CLI = ".venv/bin/kuntaraportti"
# A dataset each earlier stage writes whenever it has run: the clean stage always writes the
# audit; the indicator and forecast stages write these whenever the period has an income
# statement (without one they may rightly write nothing, and their absence proves nothing).
STAGE_MARKERS = {
    catalog.CLEAN_STAGE: catalog.AUDIT,
    catalog.INDICATOR_STAGE: catalog.BUDGET_REALISATION,
    catalog.FORECAST_STAGE: catalog.FORECAST,
}
STAGE_NAMES = {
    catalog.CLEAN_STAGE: "puhdistus",
    catalog.INDICATOR_STAGE: "tunnusluvut",
    catalog.FORECAST_STAGE: "ennuste",
    catalog.REPORT_STAGE: "raportti",
}


class MissingInput(RuntimeError):
    """A stage's input is missing: the message names it and the command that makes it.

    IPython shows only the message (``_render_traceback_``), not a traceback: the analyst
    has nothing to debug, only something to run first."""

    def _render_traceback_(self) -> list[str]:
        return [f"MissingInput: {self}"]


def project_path(path: str | Path) -> Path:
    """A folder parameter as an absolute path; a relative one is taken from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def shown_path(path: Path) -> str:
    """A path as the analyst reads it: from the project root when inside it."""
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Stage:
    """Where one stage notebook of one entity-period reads and writes."""

    stage: str
    entity: str
    day: dt.date
    raw: Path  # data/raw
    processed_root: Path  # data/processed
    report_dir: Path  # the report stage's folder (tables.xlsx)

    @property
    def processed(self) -> Path:
        return period_dir(self.processed_root, self.entity, self.day)

    @property
    def period_end(self) -> str:
        return self.day.isoformat()

    def config(self) -> EntityConfig:
        return load_entity_config(self.raw, self.entity)


def stage_paths(
    stage: str,
    entity: str,
    period_end: str,
    raw_dir: str | Path,
    processed_dir: str | Path,
    report_dir: str | Path | None = None,
) -> Stage:
    """Validate a notebook's parameters and resolve its folders from the project root."""
    if stage not in catalog.STAGES:
        raise ValueError(f"unknown stage {stage!r} (the stages: {', '.join(catalog.STAGES)})")
    entity, day = validate_entity(entity), parse_period_end(period_end)
    reports = project_path(DEFAULT_DIRS["reports"]) / entity / day.isoformat()
    report = project_path(report_dir) if report_dir else reports
    return Stage(stage, entity, day, project_path(raw_dir), project_path(processed_dir), report)


def run_command(stage: str, where: Stage) -> str:
    """The command that runs ``stage`` alone for the same entity-period and folders."""
    words = [CLI, "notebook", stage, "-p", "entity", where.entity]
    words += ["-p", "period_end", where.period_end]
    for name, folder in (("raw_dir", where.raw), ("processed_dir", where.processed_root)):
        if folder != project_path(DEFAULT_DIRS[name]):
            words += ["-p", name, shown_path(folder)]
    return shlex.join(words)


def periods_with_data(raw: Path, entity: str) -> list[str]:
    """The periods an entity has raw data for (the runner's own rule)."""
    from helpers.runner.schedule import periods_in_data

    return periods_in_data(raw, entity)


def missing_input(where: Stage) -> MissingInput | None:
    """The first input of the stage that is missing, as the error to raise; ``None`` when
    everything the stage needs is there."""
    config_file = where.raw / where.entity / ENTITY_CONFIG_NAME
    if not config_file.is_file():
        known = sorted(p.parent.name for p in where.raw.glob(f"*/{ENTITY_CONFIG_NAME}"))
        return MissingInput(
            f"yksikön asetukset puuttuvat: {shown_path(config_file)}. "
            f"Yksiköt, joilla on aineistoa: {', '.join(known) or 'ei yhtään'} "
            f"(parametri entity; raakatietojen kuvaus: data/raw/README.md)."
        )
    # Only the clean stage reads raw data by period (the later stages' check is on the
    # earlier stages' outputs below): the period list reads entity.yml again.
    periods = (
        periods_with_data(where.raw, where.entity) if where.stage == catalog.CLEAN_STAGE else []
    )
    if where.stage == catalog.CLEAN_STAGE and where.period_end not in periods:
        return MissingInput(
            f"kaudelle {where.period_end} ei ole raakatietoja: ei kansiota "
            f"{shown_path(where.raw / where.entity / where.period_end)} eikä kautta "
            f"{ENTITY_CONFIG_NAME}:n reporting_periods-luettelossa. Kaudet, joilta on "
            f"aineistoa: {', '.join(periods) or 'ei yhtään'} (parametri period_end)."
        )
    earlier = catalog.STAGES[: catalog.STAGES.index(where.stage)]
    statement = where.processed / catalog.INCOME_STATEMENT.file_name
    for stage in earlier:
        marker = where.processed / STAGE_MARKERS[stage].file_name
        needed = stage == catalog.CLEAN_STAGE or statement.is_file()
        if needed and not marker.is_file():
            return MissingInput(
                f"vaihe {where.stage} tarvitsee vaiheen {stage} ({STAGE_NAMES[stage]}) "
                f"tulokset, mutta {shown_path(marker)} puuttuu.\n"
                f"Aja ensin: {run_command(stage, where)}" + _whole_chain(where)
            )
    return None


def _whole_chain(where: Stage) -> str:
    """``make report`` writes to the default folders only: offered only for those."""
    if where.raw != project_path(DEFAULT_DIRS["raw_dir"]) or where.processed_root != project_path(
        DEFAULT_DIRS["processed_dir"]
    ):
        return ""
    return f"\n(tai koko ketju: make report ENTITY={where.entity} PERIOD={where.period_end})"


def _names(datasets) -> str:
    return ", ".join(f"`{d.name}`" for d in datasets)


def _raw_inputs(where: Stage) -> list[str]:
    """What the clean stage reads: the entity's configuration and its raw files by folder."""
    clean = catalog.stage_outputs(catalog.CLEAN_STAGE)
    folders = {
        PERIOD: where.raw / where.entity / where.period_end,
        ENTITY: where.raw / where.entity,
        NATIONAL: where.raw,
    }
    stems = {scope: [] for scope in folders}
    stems[PERIOD] = sorted({d.raw_file_stem for d in clean if d.raw is None} - {"*"})
    for item in clean:
        if item.raw is not None:
            stems[item.raw.scope].append(item.raw.stem)
    lines = [f"- `{shown_path(folders[ENTITY] / ENTITY_CONFIG_NAME)}` (yksikön asetukset)"]
    for scope, folder in folders.items():
        if stems[scope]:
            files = ", ".join(f"`{stem}`" for stem in stems[scope])
            lines.append(f"- kansiosta `{shown_path(folder)}/`: {files} (.csv tai .xlsx)")
    lines.append("- tiedostojen sarakkeet: `data/raw/README.md`")
    return lines


def needs_and_writes(where: Stage) -> str:
    """The notebook's opening lines, "Tarvitsee" and "Kirjoittaa", as Markdown generated
    from the catalog: every dataset the earlier stages write, and this stage's own."""
    folder = f"`{shown_path(where.processed)}/`"
    lines = [f"**Tarvitsee** ({where.entity}, kausi päättyy {where.period_end}):", ""]
    if where.stage == catalog.CLEAN_STAGE:
        lines += _raw_inputs(where)
    else:
        lines.append(f"- kansiosta {folder} aiempien vaiheiden tulokset:")
        for stage in catalog.STAGES[: catalog.STAGES.index(where.stage)]:
            outputs = _names(catalog.stage_outputs(stage))
            lines.append(f"  - {stage} ({STAGE_NAMES[stage]}): {outputs}")
    lines += ["", "**Kirjoittaa:**", ""]
    if where.stage == catalog.REPORT_STAGE:
        lines.append(f"- `{shown_path(where.report_dir / WORKBOOK)}` (raportin taulukot)")
    else:
        outputs = catalog.stage_outputs(where.stage)
        extra = [f"`{d.also_written}`" for d in outputs if d.also_written]
        written = _names(outputs) + (f" sekä {', '.join(extra)}" if extra else "")
        lines.append(f"- kansioon {folder}: {written} (`.parquet`; ne, joihin kaudella on tietoa)")
    return "\n".join(lines)


def open_stage(
    stage: str,
    entity: str,
    period_end: str,
    raw_dir: str | Path,
    processed_dir: str | Path,
    report_dir: str | Path | None = None,
) -> Stage:
    """Show what the stage needs and writes, then stop with ``MissingInput`` if an input is
    missing; returns the stage's resolved folders."""
    from IPython.display import Markdown, display

    where = stage_paths(stage, entity, period_end, raw_dir, processed_dir, report_dir)
    display(Markdown(needs_and_writes(where)))
    problem = missing_input(where)
    if problem is not None:
        raise problem
    return where
