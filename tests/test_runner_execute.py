"""helpers.runner.execute: each stage gets the parameters it declares, nothing else."""

import datetime as dt
from pathlib import Path

import nbformat
import pytest

from helpers.config import PROJECT_ROOT, Paths
from helpers.runner.execute import (
    RESET_TAG,
    _drop_reset_cell,
    _with_reset_cell,
    available_parameters,
    parameters_for,
)
from helpers.runner.keys import STAGES

NOTEBOOKS = PROJECT_ROOT / "notebooks"
AVAILABLE = available_parameters(
    "heinola",
    dt.date(2024, 6, 30),
    Paths(Path("/raw"), Path("/staging"), Path("/reports"), NOTEBOOKS),
    Path("/reports/heinola/.2024-06-30.staging"),
)


def notebook_declaring(tmp_path, source):
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]})
    notebook = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell("x = 1")])
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python"}
    path = tmp_path / "stage.ipynb"
    nbformat.write(notebook, path)
    return path


def test_the_runner_provides_the_entity_period_and_folders():
    assert AVAILABLE == {
        "entity": "heinola",
        "period_end": "2024-06-30",
        "raw_dir": "/raw",
        "processed_dir": "/staging",
        "report_dir": "/reports/heinola/.2024-06-30.staging",
    }


def test_a_stage_gets_only_what_it_declares_in_the_runners_order(tmp_path):
    path = notebook_declaring(
        tmp_path,
        'report_dir = "."\nentity = "x"\nperiod_end = "2024-06-30"\n'
        'raw_dir = "r"\nprocessed_dir = "p"\n',
    )
    assert list(parameters_for(path, AVAILABLE).items()) == [
        ("entity", "heinola"),
        ("period_end", "2024-06-30"),
        ("raw_dir", "/raw"),
        ("processed_dir", "/staging"),
        ("report_dir", "/reports/heinola/.2024-06-30.staging"),
    ]


def test_a_parameter_the_runner_cannot_give_is_an_error(tmp_path):
    path = notebook_declaring(tmp_path, 'entity = "x"\nthreshold = 5\n')
    with pytest.raises(ValueError, match="stage.ipynb declares the parameter.s. threshold"):
        parameters_for(path, AVAILABLE)
    # The root of all reports is not given: a stage writes only its own report folder.
    path = notebook_declaring(tmp_path, 'entity = "x"\nreports_dir = "../reports"\n')
    with pytest.raises(ValueError, match="declares the parameter.s. reports_dir"):
        parameters_for(path, AVAILABLE)


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_notebook_can_be_given_its_parameters(stage):
    given = parameters_for(NOTEBOOKS / f"{stage}.ipynb", AVAILABLE)
    assert {"entity", "period_end", "raw_dir", "processed_dir"} <= set(given)


def test_the_reset_cell_is_added_then_dropped_and_the_injected_cell_gets_a_stable_id(tmp_path):
    path = notebook_declaring(tmp_path, 'entity = "x"\n')
    workdir = tmp_path / "a folder's name"
    notebook = _with_reset_cell(path, workdir)
    # The kernel enters the period's folder, then clears the namespace.
    assert notebook.cells[0].source == f"__import__('os').chdir({str(workdir)!r})\n%reset -f"
    assert RESET_TAG in notebook.cells[0].metadata["tags"]
    injected = nbformat.v4.new_code_cell('entity = "y"', metadata={"tags": ["injected-parameters"]})
    notebook.cells.insert(2, injected)
    executed = tmp_path / "executed.ipynb"
    nbformat.write(notebook, executed)
    _drop_reset_cell(executed)
    cells = nbformat.read(executed, as_version=4).cells
    assert [c.source for c in cells] == ['entity = "x"\n', 'entity = "y"', "x = 1"]
    assert cells[1].id == "injected-parameters"


def test_executed_cells_are_numbered_from_one_whatever_ran_before_in_the_kernel(tmp_path):
    """The shared kernel's counter goes on across stages; a stage's notebook must not show
    whether the stages before it ran in this run or were kept from the last one."""
    reset = nbformat.v4.new_code_cell("%reset -f", metadata={"tags": [RESET_TAG]})
    reset.execution_count = 40
    first = nbformat.v4.new_code_cell("x = 1")
    first.execution_count = 41
    markdown = nbformat.v4.new_markdown_cell("text")
    shown = nbformat.v4.new_code_cell("x")
    shown.execution_count = 42
    shown.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=42)
    ]
    unrun = nbformat.v4.new_code_cell("y = 2")  # never executed: stays without a number
    notebook = nbformat.v4.new_notebook(cells=[reset, first, markdown, shown, unrun])
    executed = tmp_path / "executed.ipynb"
    nbformat.write(notebook, executed)
    _drop_reset_cell(executed)
    cells = nbformat.read(executed, as_version=4).cells
    assert [c.get("execution_count") for c in cells] == [1, None, 2, None]
    assert cells[2].outputs[0]["execution_count"] == 2
