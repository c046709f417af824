# `make lab` starts JupyterLab with IPYTHONDIR pointing here: every kernel reloads edited
# src/helpers modules before each cell, so a change to the package shows in the next cell.
get_ipython().run_line_magic("load_ext", "autoreload")  # noqa: F821
get_ipython().run_line_magic("autoreload", "2")  # noqa: F821
