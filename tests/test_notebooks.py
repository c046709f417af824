"""The four stage notebooks: one parameters cell each, and they run through the runner."""

import ast
import warnings
from pathlib import Path

import nbformat
import pytest

from helpers.config import PROJECT_ROOT
from helpers.runner import KERNEL_NAME, STAGES, run_period
from helpers.runner.period import AFTER_STAGES

NOTEBOOKS = PROJECT_ROOT / "notebooks"
PARAMETERS = {"entity", "period_end", "raw_dir", "processed_dir"}
# The report stage also gets its own report folder, where it writes tables.xlsx.
REPORT_PARAMETERS = {"40_report": PARAMETERS | {"report_dir"}}


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
    assert assigned == REPORT_PARAMETERS.get(stage, PARAMETERS)
    defaults = {}
    exec(tagged[0].source, {}, defaults)  # noqa: S102 - our own parameters cell
    assert defaults["entity"] == "heinola" and defaults["period_end"] == "2024-06-30"
    # Folder defaults are relative to the project root, whatever the working folder.
    assert (PROJECT_ROOT / defaults["raw_dir"] / "heinola" / "entity.yml").is_file()
    assert notebook.metadata.kernelspec.name == KERNEL_NAME


@pytest.mark.slow
def test_all_stages_run_on_the_embedded_data(tmp_paths, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. papermill's "No kernel name found"
        result = run_period("heinola", "2024-06-30", tmp_paths)
    assert list(result.timings) == [*STAGES, AFTER_STAGES]
    report = Path(result.report_dir)
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

    from helpers.runner.kernel import ensure_kernel, ipc_kernel_manager_class

    kernel = ensure_kernel()
    for stage in STAGES:
        papermill.execute_notebook(
            str(NOTEBOOKS / f"{stage}.ipynb"),
            str(tmp_path / f"{stage}.ipynb"),
            kernel_name=kernel,
            cwd=str(NOTEBOOKS),
            progress_bar=False,
            kernel_manager_class=ipc_kernel_manager_class(),
        )


@pytest.mark.slow
def test_lab_kernel_autoreloads_the_package():
    """`make lab` sets IPYTHONDIR to tools/ipython: kernels load autoreload and helpers."""
    import os

    from jupyter_client.manager import start_new_kernel

    from helpers.runner import ensure_kernel

    env = {**os.environ, "IPYTHONDIR": str(PROJECT_ROOT / "tools" / "ipython")}
    km, kc = start_new_kernel(kernel_name=ensure_kernel(), env=env)
    try:
        outputs = []
        code = (
            "import helpers; loaded = get_ipython().extension_manager.loaded; "
            "print(any(e.endswith('autoreload') for e in loaded), "
            "helpers.__name__)"
        )
        kc.execute_interactive(code, timeout=60, output_hook=lambda m: outputs.append(m))
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        assert text.strip() == "True helpers"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_unknown_parameter_is_an_error():
    from helpers.runner.execute import check_parameters

    with pytest.raises(ValueError, match="10_clean.ipynb does not declare the parameter"):
        check_parameters(NOTEBOOKS / "10_clean.ipynb", {"entity": "heinola", "perid_end": "x"})
    check_parameters(NOTEBOOKS / "10_clean.ipynb", {"entity": "heinola"})


def test_help_notebook_lists_parameters(capsys):
    from helpers.cli import main

    assert main(["help-notebook", "20_indicators"]) == 0
    assert 'period_end = "2024-06-30"' in capsys.readouterr().out
