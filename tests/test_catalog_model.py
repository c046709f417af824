"""What a dataset is, and the registry that holds each name once."""

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.catalog import model
from helpers.catalog.model import (
    CLEAN_STAGE,
    FORECAST_STAGE,
    INDICATOR_STAGE,
    REPORT_STAGE,
    STAGES,
    Column,
    Dataset,
    UnknownDatasetError,
    columns,
    dataset,
    declare,
    resolve,
    stage_outputs,
)
from helpers.schemas import ENTITY, INTEGER, Field, TableSpec


@pytest.fixture
def registry(monkeypatch):
    """An empty registry, so that declaring in a test leaves the real one alone."""
    fresh: dict[str, Dataset] = {}
    monkeypatch.setattr(model, "DATASETS", fresh)
    return fresh


def test_stages_in_run_order():
    assert STAGES == ("10_clean", "20_indicators", "30_forecast", "40_report")
    assert (CLEAN_STAGE, INDICATOR_STAGE, FORECAST_STAGE, REPORT_STAGE) == STAGES


def test_unknown_dataset_is_an_error_listing_the_known(registry):
    declare(Dataset("beta", CLEAN_STAGE, "b"))
    declare(Dataset("alpha", CLEAN_STAGE, "a"))
    with pytest.raises(UnknownDatasetError) as caught:
        dataset("alpah")
    assert str(caught.value) == "unknown dataset 'alpah' (the catalog has: alpha, beta)"


def test_unknown_dataset_is_no_key_error_so_mapping_get_cannot_swallow_it():
    assert issubclass(UnknownDatasetError, LookupError)
    assert not issubclass(UnknownDatasetError, KeyError)


def test_declared_dataset_is_found_by_name_and_resolved_by_itself_or_its_name(registry):
    risks = declare(Dataset("risks", CLEAN_STAGE, "r"))
    assert dataset("risks") is risks
    assert resolve("risks") is risks
    assert resolve(risks) is risks
    with pytest.raises(UnknownDatasetError):
        resolve("riskit")


def test_declaring_a_name_twice_is_an_error(registry):
    declare(Dataset("risks", CLEAN_STAGE, "first"))
    with pytest.raises(ValueError, match="dataset 'risks' is declared twice"):
        declare(Dataset("risks", INDICATOR_STAGE, "second"))
    assert registry["risks"].description == "first"


def test_declaring_an_unknown_stage_is_an_error(registry):
    with pytest.raises(ValueError, match="dataset 'x' names unknown stage '25_extra'"):
        declare(Dataset("x", "25_extra", ""))
    assert registry == {}


def test_stage_outputs_in_declaration_order(registry):
    for name, stage in [("b", INDICATOR_STAGE), ("a", CLEAN_STAGE), ("c", INDICATOR_STAGE)]:
        declare(Dataset(name, stage, ""))
    assert [d.name for d in stage_outputs(INDICATOR_STAGE)] == ["b", "c"]
    assert [d.name for d in stage_outputs(CLEAN_STAGE)] == ["a"]
    assert stage_outputs(REPORT_STAGE) == ()


def test_file_name_and_raw_stem():
    spec = TableSpec("population", "vaesto", ENTITY, (Field("Asukasluku", "population", INTEGER),))
    assert Dataset("population", CLEAN_STAGE, "", raw=spec).file_name == "population.parquet"
    assert Dataset("population", CLEAN_STAGE, "", raw=spec).raw_file_stem == "vaesto"
    assert Dataset("s", CLEAN_STAGE, "", raw_stem="tuloslaskelma").raw_file_stem == "tuloslaskelma"
    assert Dataset("hyte", INDICATOR_STAGE, "").raw_file_stem == ""


def test_columns_from_compact_tuples():
    assert columns(("unit", "text"), ("net_cost", "float", "euros")) == (
        Column("unit", "text", "", True),
        Column("net_cost", "float", "euros", True),
    )


def test_schema_of_a_raw_dataset_comes_from_its_spec(heinola):
    spec = TableSpec("population", "vaesto", ENTITY, (Field("Asukasluku", "population", INTEGER),))
    schema = Dataset("population", CLEAN_STAGE, "", raw=spec).schema(heinola)
    assert list(schema.columns) == ["population", "source_file", "source_row"]


def test_schema_factory_is_given_the_entity(heinola):
    seen = []

    def factory(config):
        seen.append(config)
        return pa.DataFrameSchema({"x": pa.Column(int)})

    schema = Dataset("s", CLEAN_STAGE, "", schema_factory=factory).schema(heinola)
    assert list(schema.columns) == ["x"] and seen == [heinola]


# One column of every kind, named apart from the kinds so that an error names both.
KINDS = Dataset(
    "kinds",
    INDICATOR_STAGE,
    "",
    columns(
        ("label", "text"),
        ("euros", "float"),
        ("residents", "int"),
        ("volume", "number"),
        ("ahead", "bool"),
        ("day", "date"),
    )
    + (Column("net_cost", "float", nullable=False),),
)


def kinds(**changes) -> pd.DataFrame:
    data = {
        "label": ["a", None],
        "euros": [1.5, float("nan")],
        "residents": [1, 2],
        "volume": [1, 2],
        "ahead": [True, False],
        "day": pd.to_datetime(["2024-06-30", None]),
        "net_cost": [0.0, -1.0],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_a_frame_of_the_declared_kinds_passes(heinola):
    KINDS.schema(heinola).validate(kinds())
    KINDS.schema(heinola).validate(kinds(volume=[1.5, 2.0], label=pd.array(["a", "b"], "string")))


@pytest.mark.parametrize(
    ("column", "values", "kind"),
    [
        ("label", [1.0, 2.0], "text"),
        ("euros", [1, 2], "float"),  # whole numbers where euros with cents are declared
        ("residents", [1.0, 2.0], "int"),
        ("volume", [True, False], "number"),  # a flag is no number
        ("volume", ["1", "2"], "number"),
        ("ahead", [1, 0], "bool"),
        ("day", ["2024-06-30", "2024-07-31"], "date"),
    ],
)
def test_a_column_of_another_kind_is_rejected_naming_column_and_kind(heinola, column, values, kind):
    with pytest.raises(pa.errors.SchemaError, match=rf"Column '{column}' failed .*: {kind}>"):
        KINDS.schema(heinola).validate(kinds(**{column: values}))


def test_a_not_nullable_column_rejects_a_missing_value(heinola):
    with pytest.raises(pa.errors.SchemaError, match="net_cost"):
        KINDS.schema(heinola).validate(kinds(net_cost=[0.0, None]))


def test_computed_schema_is_strict_and_ordered(heinola):
    schema = KINDS.schema(heinola)
    errors = (pa.errors.SchemaError, pa.errors.SchemaErrors)
    with pytest.raises(errors, match="extra"):
        schema.validate(kinds(extra=[1, 2]))
    with pytest.raises(errors, match="residents"):
        schema.validate(kinds().drop(columns="residents"))
    swapped = kinds()[["euros", "label", "residents", "volume", "ahead", "day", "net_cost"]]
    with pytest.raises(errors, match="out-of-order"):
        schema.validate(swapped)
