"""A fresh clone with the project's nbstripout filter has a clean `git status`, also after a save.

The clone is a real `git clone --no-local` of this checkout's committed HEAD with its own
`.git/config`; `make setup` installs the filter there exactly as an analyst's first `make`
does. The shared configuration of this checkout is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest

from helpers.config import PROJECT_ROOT

pytestmark = pytest.mark.slow

# What JupyterLab writes into a notebook when it saves one after running it.
LAB_LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.9",
}
LAB_WIDGETS = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
LAB_EXECUTION = {
    "iopub.execute_input": "2024-08-12T09:14:03.120Z",
    "iopub.status.busy": "2024-08-12T09:14:03.119Z",
    "iopub.status.idle": "2024-08-12T09:14:03.410Z",
    "shell.execute_reply": "2024-08-12T09:14:03.409Z",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("git and make are needed to test a fresh clone")
    if subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse"]).returncode != 0:
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("fresh") / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-local", str(PROJECT_ROOT), str(target)], check=True
    )
    # The Makefile's own setup target, pointed at this interpreter's nbstripout.
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(target),
            "setup",
            f"BIN={Path(sys.executable).parent}",
        ],
        check=True,
        capture_output=True,
    )
    return target


def notebooks(repo: Path) -> list[Path]:
    names = git(repo, "ls-files", "*.ipynb").split()
    assert names, "no committed notebooks"
    return [repo / name for name in names]


def touch(paths: list[Path]) -> None:
    """Change the files' times so that git re-reads them through the clean filter."""
    for path in paths:
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))


def test_setup_installs_the_filter_in_the_clone(clone):
    assert "-m nbstripout" in git(clone, "config", "filter.nbstripout.clean")
    assert "metadata.language_info" in git(clone, "config", "filter.nbstripout.extrakeys").split()
    attribute = git(clone, "check-attr", "filter", "notebooks/10_clean.ipynb")
    assert attribute.strip().endswith(": nbstripout")


def test_fresh_clone_has_no_modified_notebooks(clone):
    touch(notebooks(clone))
    assert git(clone, "status", "--porcelain") == ""


def simulate_lab_save(path: Path) -> None:
    """Rewrite a notebook as JupyterLab saves it after a run: new ids, counts, volatile metadata."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["language_info"] = LAB_LANGUAGE_INFO
    notebook.metadata["widgets"] = LAB_WIDGETS
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = uuid.uuid4().hex[:8]
        if cell.cell_type == "code":
            cell.execution_count = number
            cell.metadata["execution"] = dict(LAB_EXECUTION)
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok\n")]
    nbformat.write(notebook, path)


def test_a_lab_save_leaves_no_diff(clone):
    paths = notebooks(clone)
    before = {path: path.read_bytes() for path in paths}
    for path in paths:
        simulate_lab_save(path)
        assert path.read_bytes() != before[path]  # the save really changed the file
        assert "3.11.9" in path.read_text(encoding="utf-8")
    touch(paths)
    assert git(clone, "diff", "--stat") == ""
    # `git status` lists a file whose size changed without running the filter (git's shortcut);
    # staging it runs the filter and must leave nothing to commit.
    git(clone, "add", "--all")
    assert git(clone, "status", "--porcelain") == ""
