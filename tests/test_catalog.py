"""The catalog: every dataset named once, unknown names are errors, outputs are validated."""

import re

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers import catalog
from helpers.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "helpers"
DECLARING_MODULES = {"catalog.py", "schemas.py"}
# Being split into the report package, which reads through the catalog's constants.
PENDING_MODULES = {"report.py"}


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


def test_every_dataset_name_is_spelled_only_where_it_is_declared():
    """No module outside the declarations looks a dataset up by a spelled name: they use the
    catalog's constants (a column may share a dataset's name, e.g. ``population``)."""
    sources = {
        path.name: path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if path.name not in DECLARING_MODULES | PENDING_MODULES
    }
    for name in catalog.DATASETS:
        pattern = re.compile(
            rf"(tables|data|frames)\s*(\[|\.get\()\s*[\"']{name}[\"']"
            rf"|read\w*\([^)]*[\"']{name}[\"']"
        )
        spelled = sorted(module for module, text in sources.items() if pattern.search(text))
        assert not spelled, (name, spelled)


def test_raw_readme_lists_every_dataset_once_as_generated():
    readme = (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    block = readme.split(catalog.README_BEGIN, 1)[1].split(catalog.README_END, 1)[0]
    assert block == "\n" + catalog.readme_table(), "run: python -m helpers.catalog"
    for name in catalog.DATASETS:
        assert len(re.findall(rf"^\| `{name}`", block, flags=re.M)) == 1, name
