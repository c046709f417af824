"""One stage notebook run on its own with chosen parameters, and what its parameters mean.

``kuntaraportti notebook 20_indicators -p period_end 2024-06-30`` executes the notebook with
papermill as an analyst would in JupyterLab (working folder ``notebooks/``, the project
kernel), writing into the folders its parameters name; a parameter the notebook does not
declare is an error, not papermill's warning. ``kuntaraportti help-notebook`` explains every
parameter, the values that have data, and the run order.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers.config import (
    ENTITY_CONFIG_NAME,
    PROJECT_ROOT,
    Paths,
    parse_period_end,
    validate_entity,
)
from helpers.notebook_stage import STAGE_NAMES, missing_input, project_path, stage_paths

STAGES = tuple(STAGE_NAMES)
OUTPUT_ROOT = PROJECT_ROOT / "build" / "notebooks"  # executed notebooks of single runs
PARAMETER_DOCS = {
    "entity": "the reporting organisation: the folder data/raw/<entity>/ with its "
    f"{ENTITY_CONFIG_NAME} (a lowercase slug)",
    "period_end": "the last day of the reporting period, as an ISO date (YYYY-MM-DD)",
    "raw_dir": "root of the raw inputs; a relative path is taken from the project root",
    "processed_dir": "root of the processed datasets (each period in "
    "<processed_dir>/<entity>/<period_end>/); a relative path is taken from the project root",
    "report_dir": "folder tables.xlsx is written to; None: reports/<entity>/<period_end>",
}


class NotebookRunError(RuntimeError):
    """A single notebook run that stopped: the message says why and where its output is."""


def notebook_path(stage: str, paths: Paths | None = None) -> Path:
    if stage not in STAGES:
        raise ValueError(f"unknown notebook {stage!r} (the stages: {', '.join(STAGES)})")
    return (paths or Paths.default()).notebooks / f"{stage}.ipynb"


def declared_defaults(notebook: Path) -> dict[str, object]:
    """The notebook's parameters with their default values (not their source text)."""
    from helpers.runner.execute import notebook_parameters

    return {
        name: ast.literal_eval(default) for name, default in notebook_parameters(notebook).items()
    }


def default_output(stage: str, values: dict[str, object]) -> Path:
    """``build/notebooks/<entity>/<period_end>/<stage>.ipynb``, after validating both."""
    entity = validate_entity(str(values["entity"]))
    day = parse_period_end(str(values["period_end"]))
    return OUTPUT_ROOT / entity / day.isoformat() / f"{stage}.ipynb"


def run_notebook(
    stage: str, parameters: dict[str, str], output: Path | None = None, paths: Paths | None = None
) -> Path:
    """Execute one stage notebook with ``parameters``; returns the executed notebook's path.

    ``ValueError`` for an unknown stage or parameter (nothing runs); ``NotebookRunError``
    naming the error and the executed notebook when a cell fails."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers.runner.execute import check_parameters
    from helpers.runner.kernel import ensure_kernel, ipc_kernel_manager_class

    paths = paths or Paths.default()
    source = notebook_path(stage, paths)
    declared = declared_defaults(source)
    try:
        check_parameters(source, parameters)
    except ValueError as exc:
        raise ValueError(f"{exc} (it declares: {', '.join(declared)})") from None
    output = Path(output) if output else default_output(stage, {**declared, **parameters})
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(source),
            str(output),
            parameters=parameters,
            kernel_name=ensure_kernel(),
            cwd=str(paths.notebooks),
            progress_bar=False,
            kernel_manager_class=ipc_kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        raise NotebookRunError(
            f"{stage} stopped: {exc.ename}: {exc.evalue}\nexecuted notebook: {output}"
        ) from None
    return output


def ready_periods(stage: str, raw: Path, processed: Path, entity: str) -> list[str]:
    """The periods with raw data whose earlier stages have all run (the notebook's own
    guard finds nothing missing)."""
    from helpers.runner.schedule import periods_in_data

    ready = []
    for period in periods_in_data(raw, entity):
        try:
            where = stage_paths(stage, entity, period, raw, processed)
        except ValueError:
            continue
        if missing_input(where) is None:
            ready.append(period)
    return ready


def valid_values(name: str, stage: str, raw: Path, processed: Path) -> str:
    """What a parameter may be set to, from the data on disk."""
    from helpers.runner.schedule import entities_in_data

    entities = entities_in_data(raw)
    if name == "entity":
        return ", ".join(entities) or f"none (no {ENTITY_CONFIG_NAME} under {raw})"
    if name == "period_end":
        from helpers.runner.schedule import periods_in_data

        found = [f"{e}: {', '.join(periods_in_data(raw, e)) or '-'}" for e in entities]
        text = "with raw data: " + "; ".join(found)
        if stage != STAGES[0]:
            ready = [
                f"{e}: {', '.join(ready_periods(stage, raw, processed, e)) or '-'}"
                for e in entities
            ]
            text += "; earlier stages done (ready to run): " + "; ".join(ready)
        return text
    return "a folder"


def run_order(stage: str | None = None) -> str:
    """The stages in order, and where ``stage`` stands among them."""
    order = " -> ".join(STAGES)
    if stage is None:
        return (
            f"Run order: {order}. Each stage reads what the earlier ones wrote; "
            "`kuntaraportti run` runs them all, `kuntaraportti notebook STAGE -p NAME VALUE` one."
        )
    index = STAGES.index(stage)
    after = f"after {STAGES[index - 1]}" if index else "first"
    before = f", before {STAGES[index + 1]}" if index + 1 < len(STAGES) else ", last"
    return f"step {index + 1} of {len(STAGES)}: {after}{before}"


def describe_notebook(stage: str, paths: Paths | None = None) -> str:
    """``help-notebook``'s text for one stage: each parameter with its default, meaning and
    valid values."""
    from helpers.runner.execute import notebook_parameters

    paths = paths or Paths.default()
    source = notebook_path(stage, paths)
    lines = [f"{stage} ({STAGE_NAMES[stage]}; {run_order(stage)}):"]
    defaults = declared_defaults(source)
    raw = project_path(str(defaults.get("raw_dir", paths.raw)))
    processed = project_path(str(defaults.get("processed_dir", paths.processed)))
    for name, default in notebook_parameters(source).items():
        lines.append(f"  {name} = {default}")
        lines.append(f"      {PARAMETER_DOCS.get(name, '(undocumented parameter)')}")
        lines.append(f"      valid: {valid_values(name, stage, raw, processed)}")
    return "\n".join(lines)
