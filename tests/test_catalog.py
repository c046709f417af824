"""The catalog: every dataset named once, unknown names are errors, outputs are validated."""

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


def test_unknown_dataset_is_an_error_not_an_empty_frame(tmp_path):
    tables = catalog.Tables({})
    assert tables["budget_realisation"].empty  # declared but absent: "ei tietoa"
    with pytest.raises(catalog.UnknownDatasetError, match="unknown dataset 'budget_realisaton'"):
        tables["budget_realisaton"]
    with pytest.raises(catalog.UnknownDatasetError):
        tables.get("budget_realisaton")  # Mapping.get must not swallow a typo
    with pytest.raises(catalog.UnknownDatasetError):
        catalog.read(tmp_path, "forecst")
    with pytest.raises(catalog.UnknownDatasetError):
        catalog.Tables({"not_a_dataset": pd.DataFrame()})


def test_every_stage_output_has_a_schema_that_rejects_a_wrong_frame(heinola):
    for ds in catalog.DATASETS.values():
        schema = ds.schema(heinola)
        assert isinstance(schema, pa.DataFrameSchema), ds.name
        with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
            schema.validate(pd.DataFrame({"unexpected": [1]}), lazy=True)


def test_a_computed_column_of_the_wrong_kind_is_rejected(heinola):
    frame = pd.DataFrame(
        {"significance": [1], "probability": [2], "risks": ["three"]}  # a count as text
    )
    with pytest.raises(pa.errors.SchemaError, match="risks"):
        catalog.validate(catalog.RISK_MATRIX, frame, heinola)


def test_a_stage_may_write_only_its_own_datasets(tmp_path, heinola):
    matrix = pd.DataFrame({"significance": [1], "probability": [2], "risks": [3]})
    with pytest.raises(ValueError, match="30_forecast may not write 'risk_matrix'"):
        catalog.write_stage(
            tmp_path, {"risk_matrix": matrix}, heinola, stage=catalog.FORECAST_STAGE
        )
    assert not list(tmp_path.iterdir())
    written = catalog.write_stage(
        tmp_path, {"risk_matrix": matrix}, heinola, stage=catalog.INDICATOR_STAGE
    )
    assert [p.name for p in written] == ["risk_matrix.parquet"]
    pd.testing.assert_frame_equal(catalog.read(tmp_path, catalog.RISK_MATRIX), matrix)


def test_nothing_is_written_when_one_output_is_invalid(tmp_path, heinola):
    good = pd.DataFrame({"significance": [1], "probability": [2], "risks": [3]})
    bad = pd.DataFrame({"average_pct": ["x"], "min_pct": [1.0], "max_pct": [2.0], "months": [1]})
    with pytest.raises(pa.errors.SchemaError):
        catalog.write_stage(
            tmp_path,
            {"risk_matrix": good, "occupancy_summary": bad},
            heinola,
            stage=catalog.INDICATOR_STAGE,
        )
    assert not list(tmp_path.iterdir())


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


@pytest.mark.xfail(
    strict=True,
    reason="issue 12 leftover: the report's section modules still read "
    'data.dataset("<name>"); when they use the catalog constants, drop this mark',
)
def test_the_report_sections_name_datasets_through_the_catalog():
    assert spelled_dataset_names(_modules(inside=REPORT)) == []


def test_raw_readme_lists_every_dataset_once_as_generated():
    readme = (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    block = readme.split(catalog.README_BEGIN, 1)[1].split(catalog.README_END, 1)[0]
    assert block == "\n" + catalog.readme_table(), "run: python -m helpers.catalog"
    for name in catalog.DATASETS:
        assert len(re.findall(rf"^\| `{name}`", block, flags=re.M)) == 1, name
