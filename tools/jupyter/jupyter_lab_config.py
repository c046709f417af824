"""JupyterLab as `make lab` starts it: ``jupyter lab --config=<this file>``.

The server's root is the repository, not ``notebooks/``: jupytext looks for ``jupytext.toml``
from the notebook's folder up to the root, so with the root at ``notebooks/`` it stopped
before finding it and a save no longer updated the paired ``.py``. At the repository root the
file browser also reaches ``src/helpers``, ``data/raw`` and ``reports/``; the lab still opens on
``notebooks/``. tests/test_lab.py loads this very file.
"""

from pathlib import Path

c = get_config()  # noqa: F821  (traitlets defines get_config in a config file's namespace)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = "notebooks"
# The kernel every notebook names in its metadata (registered by `make lab`).
PROJECT_KERNEL = "kuntaraportti"

c.ServerApp.root_dir = str(PROJECT_ROOT)
c.LabApp.default_url = f"/lab/tree/{NOTEBOOKS}"
c.ContentsManager.preferred_dir = NOTEBOOKS
# Set explicitly rather than relying on the jupytext server extension being enabled.
c.ServerApp.contents_manager_class = "jupytext.AsyncTextFileContentsManager"
# New notebooks and the launcher's first entry use the project's environment.
c.MultiKernelManager.default_kernel_name = PROJECT_KERNEL
