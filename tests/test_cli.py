"""helpers.cli: argument parsing, exit codes and the messages a user reads on bad input.

The run itself is replaced where the test is about the command line (which jobs, which
options reach ``run_many``); the bad-input cases go through the real runner, which stops
before any stage runs (unknown entity) or in the clean stage (a bad cell)."""

import shutil

import pytest
from conftest import RAW

from helpers import cli
from helpers.config import Paths
from helpers.runner.period import RunResult


@pytest.fixture
def recorded_runs(monkeypatch, tmp_path):
    """``run_many`` replaced by a recorder that reports every job as run; the data folders
    are a copy of the embedded raw data under ``tmp_path``."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    paths = Paths(raw, tmp_path / "processed", tmp_path / "reports", tmp_path / "notebooks")
    monkeypatch.setattr(cli.Paths, "default", classmethod(lambda cls: paths))
    calls = []

    def run_many(jobs, paths, workers, scheduler, force):
        calls.append({"jobs": jobs, "workers": workers, "scheduler": scheduler, "force": force})
        return [RunResult(e, p, str(paths.reports / e / p), ran=["10_clean"]) for e, p in jobs]

    monkeypatch.setattr(cli, "run_many", run_many)
    return calls


def test_run_defaults_to_one_entity_period_serially(recorded_runs, capsys):
    assert cli.main(["run"]) == 0
    assert recorded_runs == [
        {"jobs": [("heinola", "2024-06-30")], "workers": 1, "scheduler": None, "force": False}
    ]
    out = capsys.readouterr().out
    assert "1 entity-periods, 0 failed" in out
    assert "heinola/2024-06-30/index.html" in out


def test_run_passes_jobs_scheduler_and_force(recorded_runs):
    argv = ["run", "--entity", "heinola", "--period-end", "2024-03-31", "--jobs", "2"]
    assert cli.main([*argv, "--scheduler", "tcp://127.0.0.1:8786", "--force"]) == 0
    assert recorded_runs == [
        {
            "jobs": [("heinola", "2024-03-31")],
            "workers": 2,
            "scheduler": "tcp://127.0.0.1:8786",
            "force": True,
        }
    ]


def test_run_all_lists_every_period_in_the_data(recorded_runs):
    assert cli.main(["run", "--all"]) == 0
    # data/raw/heinola has the 2024-06-30 folder; entity.yml lists 2024-03-31 too.
    assert recorded_runs[0]["jobs"] == [("heinola", "2024-03-31"), ("heinola", "2024-06-30")]


def test_run_set_from_yaml(recorded_runs, tmp_path):
    runs = tmp_path / "runs.yml"
    runs.write_text("runs:\n  - entity: heinola\n    periods: [2024-06-30]\n", "utf-8")
    assert cli.main(["run", "--runs", str(runs)]) == 0
    assert recorded_runs[0]["jobs"] == [("heinola", "2024-06-30")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("runs: [", "not valid YAML"),
        ("runs: []\n", "no runs listed"),
        ("runs:\n  - entity: heinola\n    periods: [2024-06-31]\n", "a date that does not exist"),
        ("runs:\n  - entity: Heinola!\n    periods: [2024-06-30]\n", "run 1: entity must be"),
        ("runs:\n  - periods: [2024-06-30]\n", "run 1 needs 'entity' and 'periods'"),
    ],
)
def test_a_bad_run_set_exits_2_naming_the_problem(recorded_runs, tmp_path, capsys, text, message):
    runs = tmp_path / "runs.yml"
    runs.write_text(text, "utf-8")
    assert cli.main(["run", "--runs", str(runs)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {runs}") and message in error
    assert recorded_runs == []  # nothing ran


def test_a_missing_run_set_file_exits_2(recorded_runs, tmp_path, capsys):
    assert cli.main(["run", "--runs", str(tmp_path / "none.yml")]) == 2
    assert "none.yml" in capsys.readouterr().err
    assert recorded_runs == []


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--all", "--runs", "runs.yml"],  # mutually exclusive
        ["run", "--jobs", "two"],
        ["run", "--unknown"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments_exit_2_from_argparse(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 2
    assert "usage: kuntaraportti" in capsys.readouterr().err


def test_a_failed_job_makes_the_exit_code_1(recorded_runs, monkeypatch, capsys):
    def failing(jobs, paths, workers, scheduler, force):
        return [RunResult("heinola", "2024-06-30", "", status="failed", error="boom")]

    monkeypatch.setattr(cli, "run_many", failing)
    assert cli.main(["run"]) == 1
    out = capsys.readouterr().out
    assert "1 entity-periods, 1 failed" in out and "report:" not in out


def test_an_unknown_entity_fails_naming_the_missing_configuration(tmp_path, monkeypatch, capsys):
    """The real runner: the entity's folder has no entity.yml, so nothing runs and nothing
    is written."""
    paths = Paths(RAW, tmp_path / "processed", tmp_path / "reports", tmp_path / "notebooks")
    monkeypatch.setattr(cli.Paths, "default", classmethod(lambda cls: paths))
    assert cli.main(["run", "--entity", "eiole"]) == 1
    captured = capsys.readouterr()
    assert f"file {RAW / 'eiole'}: entity configuration not found" in captured.err
    assert "1 entity-periods, 1 failed" in captured.out
    assert not (tmp_path / "reports" / "eiole").exists()


def test_a_bad_period_end_fails_with_the_date_named(tmp_path, monkeypatch, capsys):
    paths = Paths(RAW, tmp_path / "processed", tmp_path / "reports", tmp_path / "notebooks")
    monkeypatch.setattr(cli.Paths, "default", classmethod(lambda cls: paths))
    assert cli.main(["run", "--period-end", "2024-02-30"]) == 1
    assert "2024-02-30" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_help_notebook_lists_a_stage_and_its_parameters(capsys):
    assert cli.main(["help-notebook", "30_forecast"]) == 0
    out = capsys.readouterr().out
    assert "30_forecast" in out and "period_end" in out and "processed_dir" in out


def test_help_notebook_of_an_unknown_stage_exits_2(capsys):
    assert cli.main(["help-notebook", "50_extra"]) == 2
    error = capsys.readouterr().err
    assert "unknown notebook '50_extra'" in error and "10_clean" in error


def test_notebook_with_a_parameter_given_twice_exits_2(capsys):
    argv = ["notebook", "10_clean", "-p", "entity", "heinola", "-p", "entity", "x"]
    assert cli.main(argv) == 2
    assert "a parameter is given twice" in capsys.readouterr().err


def test_notebook_with_an_undeclared_parameter_exits_2_listing_the_declared(capsys, tmp_path):
    output = tmp_path / "out.ipynb"
    argv = ["notebook", "20_indicators", "-p", "report_dir", "x", "--output", str(output)]
    assert cli.main(argv) == 2
    error = capsys.readouterr().err
    assert "report_dir" in error and "it declares: entity, period_end" in error
    assert not output.exists()  # nothing ran


@pytest.mark.slow
def test_a_bad_cell_fails_the_run_naming_file_row_and_column(tmp_path, monkeypatch, capsys):
    """A letter O for a zero in the statement: the clean stage stops; the message names the
    file, the row (2: the first data row after the header) and the printed column, and no
    report is published."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    statement = raw / "heinola" / "2024-06-30" / "tuloslaskelma.csv"
    text = statement.read_text(encoding="utf-8")
    assert "691 408" in text
    statement.write_text(text.replace("691 408", "691 4O8"), encoding="utf-8")
    paths = Paths(raw, tmp_path / "processed", tmp_path / "reports", Paths.default().notebooks)
    monkeypatch.setattr(cli.Paths, "default", classmethod(lambda cls: paths))
    assert cli.main(["run"]) == 1
    error = capsys.readouterr().err
    assert "tuloslaskelma.csv" in error
    assert "row 2, column 'TP 2023'" in error
    assert not (tmp_path / "reports" / "heinola" / "2024-06-30").exists()
    assert not (tmp_path / "processed" / "heinola" / "2024-06-30").exists()
