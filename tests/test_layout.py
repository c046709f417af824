"""Tests follow the structure: every module of the package has its own test module.

The naming rule: ``src/helpers/x.py`` is tested in ``tests/test_x.py`` and
``src/helpers/pkg/x.py`` in ``tests/test_pkg_x.py`` (the folders joined by ``_``). A
package's ``__init__.py`` (its interface, tested through its modules) and ``__main__.py`` (a
command line entry point) need none.
"""

from pathlib import Path, PurePosixPath

from helpers.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "helpers"
TESTS = PROJECT_ROOT / "tests"
EXEMPT_NAMES = {"__init__.py", "__main__.py"}

# Modules that genuinely cannot have a test module of their own, each with the reason.
# Keep it empty: a module too small to test belongs in another; one too hard to test is a
# design problem to fix, not to list here.
ALLOWED_WITHOUT_TESTS: dict[str, str] = {}


def expected_test_module(relative: str) -> str:
    """The test module of a module given relative to the package (``pkg/x.py``)."""
    parts = PurePosixPath(relative).with_suffix("").parts
    return f"test_{'_'.join(parts)}.py"


def package_modules() -> list[str]:
    """Every module of the package, relative to it, with ``/`` as the separator."""
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name not in EXEMPT_NAMES and "__pycache__" not in path.parts
    )


def test_the_naming_rule():
    assert expected_test_module("errors.py") == "test_errors.py"
    assert expected_test_module("catalog/model.py") == "test_catalog_model.py"
    assert expected_test_module("report/summary_points.py") == "test_report_summary_points.py"
    assert expected_test_module("a/b/c.py") == "test_a_b_c.py"


def test_the_package_is_found():
    modules = package_modules()
    assert "errors.py" in modules and "catalog/access.py" in modules
    assert not [m for m in modules if Path(m).name in EXEMPT_NAMES]


def test_every_module_has_its_test_module():
    missing = [
        f"src/helpers/{module} -> tests/{expected_test_module(module)}"
        for module in package_modules()
        if module not in ALLOWED_WITHOUT_TESTS
        and not (TESTS / expected_test_module(module)).is_file()
    ]
    assert missing == [], "modules without their test module:\n" + "\n".join(missing)


def test_the_allow_list_names_only_existing_untested_modules():
    modules = set(package_modules())
    for module in ALLOWED_WITHOUT_TESTS:
        assert module in modules, f"{module} no longer exists: drop it from the list"
        assert not (TESTS / expected_test_module(module)).is_file(), f"{module} has tests now"
