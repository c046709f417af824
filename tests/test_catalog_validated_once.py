"""A raw table the clean stage keeps exactly as ingest read it is validated once: the
catalog's check on write skips it only when the content and the schema are provably the
ones ingest passed, and checks anything else (changed since, or another schema) again."""

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers import catalog
from helpers.config import PROJECT_ROOT
from helpers.ingest import load_table
from helpers.schemas import already_validated, processed_schema

RAW = PROJECT_ROOT / "data" / "raw"


@pytest.fixture
def risks():
    table, _ = load_table(catalog.RISKS.raw, RAW, "heinola", "2024-06-30")
    assert len(table) > 0
    return table


def test_a_table_as_ingest_validated_it_counts_as_validated(risks):
    schema = processed_schema(catalog.RISKS.raw, with_added=False)
    assert already_validated(risks, schema)
    assert already_validated(risks.copy(deep=True), schema)  # equal content, another object


def test_a_table_changed_after_ingest_is_checked_again(risks, heinola):
    changed = risks.copy()
    changed.loc[0, "source_row"] = 0  # the schema requires source_row ≥ 1
    schema = processed_schema(catalog.RISKS.raw, with_added=False)
    assert not already_validated(changed, schema)
    with pytest.raises(pa.errors.SchemaError):
        catalog.validate(catalog.RISKS, changed, heinola)


def test_a_table_with_a_row_left_out_or_a_column_retyped_is_checked_again(risks):
    schema = processed_schema(catalog.RISKS.raw, with_added=False)
    assert not already_validated(risks.iloc[1:].reset_index(drop=True), schema)
    retyped = risks.astype({"source_row": "float64"})
    assert not already_validated(retyped, schema)


def test_the_same_content_against_another_schema_is_not_validated(risks):
    other = pa.DataFrameSchema({name: pa.Column() for name in risks.columns})
    assert not already_validated(risks, other)


def test_a_table_never_through_ingest_is_validated_on_write(heinola):
    frame = pd.DataFrame({"not": [1]})
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        catalog.validate(catalog.RISKS, frame, heinola)
