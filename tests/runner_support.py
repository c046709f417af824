"""Helpers shared by the runner's test modules (tests/test_runner_*.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from conftest import RAW

from helpers.config import PROJECT_ROOT, Paths


def paths_at(root, raw=RAW, notebooks=PROJECT_ROOT / "notebooks") -> Paths:
    """Real (or copied) raw data and notebooks, outputs under ``root``."""
    return Paths(
        raw=raw, processed=root / "processed", reports=root / "reports", notebooks=notebooks
    )


def digest_tree(paths: Paths) -> dict[str, str]:
    """Hashes of every output file by relative path. The analysts' notebooks show the
    parameters, i.e. the output folder, so that folder is masked out of their bytes."""
    found = {}
    base = str(paths.processed.parent).encode()
    for root in (paths.processed, paths.reports):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".parquet", ".html", ".xlsx", ".csv"}:
                data = path.read_bytes().replace(base, b"<OUTPUT>")
                found[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return found


def digest_everything(paths: Paths) -> dict[str, str]:
    """``digest_tree`` with the agenda PDFs and the executed notebooks too, each notebook
    without papermill's timing metadata (start and end times, durations)."""
    found = digest_tree(paths)
    base = str(paths.processed.parent).encode()
    for path in sorted(paths.reports.rglob("*")):
        if path.suffix == ".pdf":
            data = path.read_bytes()
        elif path.suffix == ".ipynb":
            data = _without_timings(path).replace(base, b"<OUTPUT>")
        else:
            continue
        found[str(path.relative_to(paths.reports))] = hashlib.sha256(data).hexdigest()
    return found


def _without_timings(notebook: Path) -> bytes:
    data = json.loads(notebook.read_text(encoding="utf-8"))
    data["metadata"].pop("papermill", None)
    for cell in data["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return json.dumps(data, sort_keys=True).encode()


def visible_outputs(paths: Paths) -> dict[str, str]:
    """Hashes of the published outputs; staging folders are hidden (start with a dot)."""
    found = {}
    for root in (paths.processed, paths.reports):
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def quiet(_line: str) -> None:
    """A ``log`` for run_period that prints nothing."""


# --- A tiny suite: four small stage notebooks, so the runner's own behaviour is tested in
# seconds. They keep the real contract: each stage declares only the parameters it uses, the
# stages write processed data under processed_dir, 40 writes tables.xlsx into report_dir.

TINY_ENTITY = "acme"
TINY_PERIOD = "2024-06-30"
GATE_VARIABLE = "RUNNER_TEST_GATE"  # a stage waits until this file exists
SYNTHETIC_ENTITY_YML = PROJECT_ROOT / "tests" / "fixtures" / "raw" / "testikyla" / "entity.yml"

_TINY_STAGES = {
    "10_clean": (
        ["entity", "period_end", "raw_dir", "processed_dir"],
        "out = Path(processed_dir) / entity / period_end\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "numbers = (Path(raw_dir) / entity / 'numbers.csv').read_text(encoding='utf-8')\n"
        "(out / 'numbers.csv').write_text(numbers, encoding='utf-8')\n",
    ),
    "20_indicators": (
        ["entity", "period_end", "raw_dir", "processed_dir"],
        "import os, time\n"
        f"gate = os.environ.get({GATE_VARIABLE!r})\n"
        "while gate and not Path(gate).exists():\n"
        "    time.sleep(0.05)\n"
        "out = Path(processed_dir) / entity / period_end\n"
        "total = sum(int(x) for x in (out / 'numbers.csv').read_text().split())\n"
        "(out / 'total.csv').write_text(str(total), encoding='utf-8')\n",
    ),
    "30_forecast": (
        ["entity", "period_end", "raw_dir", "processed_dir"],
        "out = Path(processed_dir) / entity / period_end\n"
        "total = int((out / 'total.csv').read_text())\n"
        "(out / 'forecast.csv').write_text(str(2 * total), encoding='utf-8')\n",
    ),
    "40_report": (
        ["entity", "period_end", "raw_dir", "processed_dir", "report_dir"],
        "out = Path(processed_dir) / entity / period_end\n"
        "forecast = (out / 'forecast.csv').read_text()\n"
        "(Path(report_dir) / 'tables.xlsx').write_text('workbook ' + forecast, encoding='utf-8')\n"
        "print('Ennuste', forecast)\n",
    ),
}


def _tiny_notebook(declared: list[str], body: str):
    import nbformat

    defaults = "".join(f"{name} = '.'\n" for name in declared)
    cells = [
        nbformat.v4.new_code_cell(defaults, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from pathlib import Path\n" + body),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "kuntaraportti",
        "display_name": "Python 3 (kuntaraportti)",
        "language": "python",
    }
    return notebook


def tiny_suite(root, numbers="1\n2\n3\n") -> Paths:
    """Raw data of one entity and the four tiny stage notebooks under ``root``; outputs go to
    ``root/processed`` and ``root/reports``."""
    import nbformat

    raw = root / "raw"
    (raw / TINY_ENTITY).mkdir(parents=True)
    # A complete configuration (the runner titles the report page from it): the synthetic
    # test municipality's.
    shutil.copyfile(SYNTHETIC_ENTITY_YML, raw / TINY_ENTITY / "entity.yml")
    (raw / TINY_ENTITY / "numbers.csv").write_text(numbers, encoding="utf-8")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for stage, (declared, body) in _TINY_STAGES.items():
        nbformat.write(_tiny_notebook(declared, body), notebooks / f"{stage}.ipynb")
    return paths_at(root, raw=raw, notebooks=notebooks)


def tiny_report(paths: Paths) -> Path:
    return paths.reports / TINY_ENTITY / TINY_PERIOD


def tiny_processed(paths: Paths) -> Path:
    return paths.processed / TINY_ENTITY / TINY_PERIOD
