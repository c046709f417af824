"""The catalog as a whole: every dataset has a schema, and modules outside the catalog name
datasets only through it. The modules of the catalog have their own tests
(tests/test_catalog_<module>.py)."""

import ast
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers import catalog
from helpers.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "helpers"
DECLARATIONS = PACKAGE / "catalog"  # the one place a dataset's name is written
REPORT = PACKAGE / "report"


def test_every_stage_output_has_a_schema_that_rejects_a_wrong_frame(heinola):
    for ds in catalog.DATASETS.values():
        schema = ds.schema(heinola)
        assert isinstance(schema, pa.DataFrameSchema), ds.name
        with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
            schema.validate(pd.DataFrame({"unexpected": [1]}), lazy=True)


def _modules(inside: Path | None = None, outside: Path | None = None) -> dict[str, str]:
    """Source of the package's modules outside the catalog, by path relative to the package."""
    return {
        str(path.relative_to(PACKAGE)): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
        if DECLARATIONS not in path.parents
        and (inside is None or inside in path.parents)
        and (outside is None or outside not in path.parents)
    }


def _column_names() -> set[str]:
    """Every declared column name: a dataset name that is also a column (``population``,
    ``forecast``) may be spelled as a column."""
    names = {c.name for ds in catalog.DATASETS.values() for c in ds.columns}
    for spec in catalog.TABLES:
        names |= {f.name for f in spec.fields} | {name for name, _kind, _doc in spec.added}
    return names


def spelled_dataset_names(modules: dict[str, str]) -> list[tuple[str, int, str]]:
    """``(module, line, name)`` wherever a module spells a dataset's name instead of using the
    catalog's constant: a lookup by a literal name (``data.dataset("forecast")``,
    ``tables["audit"]``, ``read(folder, "hyte")``), or a literal that can only be a dataset's
    name (one that is no column's)."""
    lookup = re.compile(
        r"(?:\b(?:tables|data|frames)\s*(?:\[|\.get\()|\b(?:read\w*|dataset)\([^)\n]*?)"
        r"\s*[\"'](\w+)[\"']"
    )
    only_datasets = set(catalog.DATASETS) - _column_names()
    found = set()
    for module, text in modules.items():
        for match in lookup.finditer(text):
            if match.group(1) in catalog.DATASETS:
                found.add((module, text.count("\n", 0, match.start()) + 1, match.group(1)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and node.value in only_datasets:
                found.add((module, node.lineno, node.value))
    return sorted(found)


def test_the_name_check_finds_spelled_names():
    module = (
        'frame = data.dataset("forecast")\n'
        "x = tables.get('audit')\n"
        'y = read(folder, "hyte")\n'
        'for name in ("service_volumes", "x"):\n'
        '    z = row["forecast"] + row["population"]\n'  # columns of the same names
    )
    assert spelled_dataset_names({"m.py": module}) == [
        ("m.py", 1, "forecast"),
        ("m.py", 2, "audit"),
        ("m.py", 3, "hyte"),
        ("m.py", 4, "service_volumes"),
    ]


def test_every_dataset_name_is_spelled_only_where_it_is_declared():
    """Outside the catalog, modules name a dataset through its constant
    (``catalog.FORECAST.name``), never by a spelled name."""
    assert spelled_dataset_names(_modules(outside=REPORT)) == []


def test_the_report_sections_name_datasets_through_the_catalog():
    assert spelled_dataset_names(_modules(inside=REPORT)) == []
