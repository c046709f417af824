"""The pip lock and the conda environment must pin the same versions."""

import re

import yaml

from helpers.config import PROJECT_ROOT


def lock_pins() -> dict[str, str]:
    lines = (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
    return dict(line.split("==") for line in lines if line and not line.startswith("#"))


def test_environment_yml_has_the_lock_pins():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert dict(pin.split("==") for pin in pip_section) == lock_pins()


def test_required_packages_are_pinned():
    pins = {name.lower(): version for name, version in lock_pins().items()}
    for name in (
        "jupyterlab",
        "papermill",
        "pandas",
        "seaborn",
        "nbconvert",
        "ipykernel",
        "pandera",
        "openpyxl",
        "pyarrow",
        "pytest",
        "ruff",
    ):
        assert name in pins, name
    major, minor, patch = (int(x) for x in re.findall(r"\d+", pins["nbconvert"])[:3])
    assert (major, minor, patch) >= (7, 17, 1)  # security fixes
