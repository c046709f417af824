"""Notebooks are committed without outputs and stay in sync with their jupytext pairs."""

import subprocess

import jupytext
import nbformat
import pytest

from helpers.config import PROJECT_ROOT
from helpers.runner import STAGES

NOTEBOOKS = PROJECT_ROOT / "notebooks"


def committed(path):
    """The committed version of a notebook (the working copy outside a git checkout)."""
    relative = path.relative_to(PROJECT_ROOT)
    done = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "show", f"HEAD:{relative}"], capture_output=True, text=True
    )
    text = done.stdout if done.returncode == 0 else path.read_text(encoding="utf-8")
    return nbformat.reads(text, as_version=4)


@pytest.mark.parametrize("stage", STAGES)
def test_committed_notebook_has_no_outputs(stage):
    notebook = committed(NOTEBOOKS / f"{stage}.ipynb")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, stage


@pytest.mark.parametrize("stage", STAGES)
def test_pair_is_in_sync(stage):
    notebook = nbformat.read(NOTEBOOKS / f"{stage}.ipynb", as_version=4)
    script = jupytext.read(NOTEBOOKS / f"{stage}.py")
    assert [(c.cell_type, c.source.strip()) for c in notebook.cells] == [
        (c.cell_type, c.source.strip()) for c in script.cells
    ], f"{stage}.ipynb and {stage}.py differ: run `jupytext --sync notebooks/{stage}.ipynb`"
