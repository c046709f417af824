"""The four stage notebooks: one parameters cell each, and they run through the runner."""

import ast
import warnings

import nbformat
import pytest

from helpers.config import PROJECT_ROOT
from helpers.run import KERNEL_NAME, STAGES, run_period

NOTEBOOKS = PROJECT_ROOT / "notebooks"
PARAMETERS = {"entity", "period_end", "raw_dir", "processed_dir", "reports_dir"}


@pytest.mark.parametrize("stage", STAGES)
def test_one_parameters_cell_with_runnable_defaults(stage):
    notebook = nbformat.read(NOTEBOOKS / f"{stage}.ipynb", as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assigned = {
        target.id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
    }
    assert assigned == PARAMETERS
    defaults = {}
    exec(tagged[0].source, {}, defaults)  # noqa: S102 - our own parameters cell
    assert defaults["entity"] == "heinola" and defaults["period_end"] == "2024-06-30"
    assert (NOTEBOOKS / defaults["raw_dir"] / "heinola" / "entity.yml").is_file()
    assert notebook.metadata.kernelspec.name == KERNEL_NAME


@pytest.mark.slow
def test_all_stages_run_on_the_embedded_data(tmp_paths, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. papermill's "No kernel name found"
        result = run_period("heinola", "2024-06-30", tmp_paths)
    assert list(result.timings) == list(STAGES)
    report = result.report_dir
    for stage in STAGES:
        assert (report / "notebooks" / f"{stage}.ipynb").is_file()
        assert (report / "notebooks" / f"{stage}.html").is_file()
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "-15\u00a0134\u00a0455" in html and "50,58" in html
    processed = tmp_paths.processed / "heinola" / "2024-06-30"
    assert {p.name for p in processed.iterdir()} >= {
        "income_statement.parquet",
        "budget_realisation.parquet",
        "forecast.parquet",
    }
    output = capsys.readouterr()
    assert "without encryption" not in output.out + output.err


@pytest.mark.slow
def test_notebooks_run_with_their_own_defaults(tmp_path):
    """As an analyst opens them in JupyterLab: no injected parameters, cwd = notebooks/."""
    import papermill

    from helpers.run import _ipc_kernel_manager_class, ensure_kernel

    kernel = ensure_kernel()
    for stage in STAGES:
        papermill.execute_notebook(
            str(NOTEBOOKS / f"{stage}.ipynb"),
            str(tmp_path / f"{stage}.ipynb"),
            kernel_name=kernel,
            cwd=str(NOTEBOOKS),
            progress_bar=False,
            kernel_manager_class=_ipc_kernel_manager_class(),
        )
