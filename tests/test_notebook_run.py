"""One notebook on its own: papermill's CLI from the repository root, the project CLI with
chosen parameters (an unknown one refused), and help-notebook's explanations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.cli import main
from helpers.config import PROJECT_ROOT
from helpers.notebook_run import PARAMETER_DOCS, declared_defaults, notebook_path
from helpers.runner import STAGES, ensure_kernel

PAPERMILL = Path(sys.executable).with_name("papermill")


def papermill_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    ensure_kernel()
    return subprocess.run(
        [str(PAPERMILL), *args, "--no-progress-bar"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_papermill_from_the_repository_root_stops_on_missing_processed_data(tmp_path):
    """The issue's command, from the root: the defaults find the raw data (no "entity
    configuration not found"), and with no processed data the notebook stops naming what is
    missing and the command that makes it, writing nothing."""
    processed = tmp_path / "processed"
    done = papermill_cli(
        "notebooks/20_indicators.ipynb",
        str(tmp_path / "out.ipynb"),
        "-p",
        "period_end",
        "2024-06-30",
        "-p",
        "processed_dir",
        str(processed),
        cwd=PROJECT_ROOT,
    )
    assert done.returncode != 0
    assert "entity configuration not found" not in done.stderr
    assert "MissingInput: vaihe 20_indicators tarvitsee vaiheen 10_clean" in done.stderr
    assert f"{processed}/heinola/2024-06-30/audit.parquet puuttuu" in done.stderr
    assert "Aja ensin: .venv/bin/kuntaraportti notebook 10_clean" in done.stderr
    assert not processed.exists()
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    shown = [
        o.get("data", {}).get("text/markdown", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
    ]
    assert any(text.startswith("**Tarvitsee**") for text in shown)


def test_the_cli_refuses_an_unknown_parameter_before_running(tmp_path, capsys):
    output = tmp_path / "out.ipynb"
    code = main(
        ["notebook", "20_indicators", "-p", "perid_end", "2024-06-30", "--output", str(output)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "20_indicators.ipynb does not declare the parameter(s) perid_end" in err
    assert "(it declares: entity, period_end, raw_dir, processed_dir)" in err
    assert not output.exists()


def test_the_cli_refuses_an_unknown_notebook_and_a_repeated_parameter(capsys):
    assert main(["notebook", "25_extra"]) == 2
    assert "unknown notebook '25_extra'" in capsys.readouterr().err
    assert main(["notebook", "10_clean", "-p", "entity", "a", "-p", "entity", "b"]) == 2
    assert "given twice" in capsys.readouterr().err


@pytest.mark.slow
def test_the_cli_reports_a_stopped_notebook(tmp_path, capsys):
    code = main(
        [
            "notebook",
            "30_forecast",
            "-p",
            "processed_dir",
            str(tmp_path / "none"),
            "--output",
            str(tmp_path / "30.ipynb"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "30_forecast stopped: MissingInput:" in err and "notebook 10_clean" in err
    assert f"executed notebook: {tmp_path / '30.ipynb'}" in err


@pytest.mark.slow
def test_cli_runs_one_notebook_then_papermill_runs_the_next_from_notebooks(tmp_path, capsys):
    processed = tmp_path / "processed"
    code = main(["notebook", "10_clean", "-p", "processed_dir", str(processed)])
    out = capsys.readouterr().out
    assert code == 0, out
    executed = PROJECT_ROOT / "build" / "notebooks" / "heinola" / "2024-06-30" / "10_clean.ipynb"
    assert f"executed notebook: {executed}" in out
    period = processed / "heinola" / "2024-06-30"
    assert (period / "audit.parquet").is_file() and (period / "income_statement.parquet").is_file()
    # The next stage with papermill's own CLI, started in notebooks/ as the lab runs it.
    done = papermill_cli(
        "20_indicators.ipynb",
        str(tmp_path / "20.ipynb"),
        "-p",
        "processed_dir",
        str(processed),
        cwd=PROJECT_ROOT / "notebooks",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (period / "budget_realisation.parquet").is_file()
    html = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nbformat.read(tmp_path / "20.ipynb", as_version=4).cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "Talousarvion toteutuma <small>(76 riviä)</small>" in html  # every row, not ten
    assert "<figure><img" in html  # the realisation chart
    assert "budget_realisation.parquet</a>" in html


def test_help_notebook_explains_parameters_valid_values_and_order(capsys):
    assert main(["help-notebook", "30_forecast"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Run order: 10_clean -> 20_indicators -> 30_forecast -> 40_report.")
    assert "30_forecast (ennuste; step 3 of 4: after 20_indicators, before 40_report):" in out
    assert 'period_end = "2024-06-30"' in out
    assert PARAMETER_DOCS["period_end"] in out
    # The embedded data: a 2024-06-30 folder, and entity.yml lists 2024-03-31 as well.
    assert "valid: with raw data: heinola: 2024-03-31, 2024-06-30" in out
    assert "earlier stages done (ready to run): heinola:" in out
    assert '  entity = "heinola"\n' in out and "      valid: heinola\n" in out


def test_help_notebook_refuses_an_unknown_notebook(capsys):
    assert main(["help-notebook", "99_x"]) == 2
    assert "unknown notebook '99_x'" in capsys.readouterr().err


@pytest.mark.parametrize("stage", STAGES)
def test_every_parameter_of_every_notebook_is_documented(stage):
    assert set(declared_defaults(notebook_path(stage))) <= set(PARAMETER_DOCS)
