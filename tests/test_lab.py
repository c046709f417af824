"""`make lab`: a Jupyter server rooted at the repository, pairing notebooks with their scripts.

The configuration is the committed file the Makefile passes to `jupyter lab --config`; the
server test starts a real JupyterLab with that very file on a copy of the notebook layout
and saves a notebook through the REST contents API, as the lab's "Save" does.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import jupytext
import nbformat
import pytest
import requests
from traitlets.config.loader import PyFileConfigLoader

from helpers.config import PROJECT_ROOT

LAB_CONFIG = PROJECT_ROOT / "tools" / "jupyter" / "jupyter_lab_config.py"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
SERVER_START_SECONDS = 90


def lab_config():
    return PyFileConfigLoader(LAB_CONFIG.name, path=str(LAB_CONFIG.parent)).load_config()


def notebook_kernels() -> set[str]:
    return {
        nbformat.read(path, as_version=4).metadata.kernelspec.name
        for path in sorted(NOTEBOOKS.glob("*.ipynb"))
    }


def test_make_lab_starts_jupyter_with_the_committed_config():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"LAB_CONFIG := {LAB_CONFIG.relative_to(PROJECT_ROOT)}" in makefile
    assert "jupyter lab --config=$(CURDIR)/$(LAB_CONFIG)" in makefile


def test_lab_is_rooted_at_the_repository_and_opens_notebooks():
    config = lab_config()
    root = Path(config.ServerApp.root_dir)
    assert root == PROJECT_ROOT
    # jupytext looks for its configuration from the notebook's folder up to the server root.
    assert (root / "jupytext.toml").is_file()
    assert config.LabApp.default_url == "/lab/tree/notebooks"
    assert (root / config.ContentsManager.preferred_dir) == NOTEBOOKS
    assert config.ServerApp.contents_manager_class == "jupytext.AsyncTextFileContentsManager"


def test_default_kernel_is_the_one_every_notebook_names():
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    config = lab_config()
    kernels = notebook_kernels()
    assert len(kernels) == 1
    # Read back through the installed server's kernel manager: the trait name must exist there.
    assert AsyncMappingKernelManager(config=config).default_kernel_name in kernels


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab_server(tmp_path):
    """JupyterLab as `make lab` configures it, rooted at a copy of the notebook layout."""
    root = tmp_path / "project"
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".*", "__*"))
    shutil.copy2(PROJECT_ROOT / "jupytext.toml", root / "jupytext.toml")
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(tmp_path / name.lower())
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--config={LAB_CONFIG}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--no-browser",
    ]
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    session = requests.Session()
    session.headers["Authorization"] = f"token {token}"
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if session.get(f"{base}/api/status", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the Jupyter server did not start"
            time.sleep(0.5)
        yield root, base, session
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.mark.slow
def test_a_save_in_the_lab_updates_the_paired_script(lab_server):
    root, base, session = lab_server
    url = f"{base}/api/contents/notebooks/20_indicators.ipynb"
    model = session.get(url, params={"content": 1}, timeout=30)
    assert model.status_code == 200, model.text
    notebook = model.json()["content"]
    marker = f"Muokattu labissa {secrets.token_hex(4)}."
    notebook["cells"][0]["source"] += f"\n\n{marker}"
    notebook["metadata"]["language_info"] = {"name": "python", "version": "3.11.9"}  # as a run adds

    saved = session.put(
        url, json={"type": "notebook", "format": "json", "content": notebook}, timeout=30
    )

    assert saved.status_code == 200, saved.text
    script = root / "notebooks" / "20_indicators.py"
    text = script.read_text(encoding="utf-8")
    assert f"# {marker}" in text
    assert "language_info" not in text and "3.11.9" not in text  # the reviewed script stays stable
    on_disk = nbformat.read(root / "notebooks" / "20_indicators.ipynb", as_version=4)
    paired = jupytext.read(script)
    assert [c.source.strip() for c in on_disk.cells] == [c.source.strip() for c in paired.cells]


@pytest.mark.slow
def test_the_server_offers_the_project_kernel_first_and_opens_notebooks(lab_server):
    _, base, session = lab_server
    specs = session.get(f"{base}/api/kernelspecs", timeout=30).json()
    assert {specs["default"]} == notebook_kernels()
    landing = session.get(f"{base}/", allow_redirects=False, timeout=30)
    assert urlsplit(landing.headers["Location"]).path.endswith("/lab/tree/notebooks")
