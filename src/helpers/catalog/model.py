"""What a dataset is: its stage, its columns and its schema; and the registry that holds each
dataset once, so that a name the catalog does not declare is an error, never an empty table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandas.api import types

from helpers.config import EntityConfig
from helpers.schemas import TableSpec, processed_schema

# The stages, in run order; each writes only its own datasets.
CLEAN_STAGE, INDICATOR_STAGE, FORECAST_STAGE, REPORT_STAGE = (
    "10_clean",
    "20_indicators",
    "30_forecast",
    "40_report",
)
STAGES = (CLEAN_STAGE, INDICATOR_STAGE, FORECAST_STAGE, REPORT_STAGE)

# Column kinds of computed datasets, checked by family (pandas has several string dtypes).
_KIND_CHECKS: dict[str, Callable[[pd.Series], bool]] = {
    "text": lambda s: types.is_string_dtype(s) or types.is_object_dtype(s),
    "float": types.is_float_dtype,
    "int": lambda s: types.is_integer_dtype(s),
    "number": lambda s: types.is_numeric_dtype(s) and not types.is_bool_dtype(s),
    "bool": types.is_bool_dtype,
    "date": types.is_datetime64_any_dtype,
}


class UnknownDatasetError(LookupError):
    """A dataset name the catalog does not declare (a typo, or a table never added to it).
    Not a KeyError on purpose: ``Mapping.get`` must not swallow it as "absent"."""


@dataclass(frozen=True)
class Column:
    """One column of a computed dataset: name, kind (see ``_KIND_CHECKS``) and meaning."""

    name: str
    kind: str
    doc: str = ""
    nullable: bool = True


def columns(*specs: tuple) -> tuple[Column, ...]:
    """Columns from ``(name, kind[, doc])`` tuples: the compact form of the declarations."""
    return tuple(Column(*spec) for spec in specs)


@dataclass(frozen=True)
class Dataset:
    """A processed dataset: ``<processed>/<entity>/<period_end>/<name>.parquet``."""

    name: str
    stage: str
    description: str
    columns: tuple[Column, ...] = ()  # computed datasets; raw ones take theirs from ``raw``
    raw: TableSpec | None = None  # the raw file it is parsed from
    raw_stem: str = ""  # raw file stem when not described by a TableSpec (the statements)
    schema_factory: Callable[[EntityConfig], pa.DataFrameSchema] | None = None
    also_written: str = ""  # an extra file the stage writes beside the parquet

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"

    @property
    def raw_file_stem(self) -> str:
        return self.raw.stem if self.raw else self.raw_stem

    def schema(self, config: EntityConfig) -> pa.DataFrameSchema:
        if self.raw is not None:
            return processed_schema(self.raw)
        if self.schema_factory is not None:
            return self.schema_factory(config)
        return _columns_schema(self.columns)


def _columns_schema(columns: tuple[Column, ...]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(
                checks=pa.Check(_KIND_CHECKS[c.kind], element_wise=False, error=c.kind),
                nullable=c.nullable,
            )
            for c in columns
        },
        strict=True,
        ordered=True,
    )


# Every declared dataset by name, in declaration order (stage by stage).
DATASETS: dict[str, Dataset] = {}


def declare(dataset: Dataset) -> Dataset:
    """Register ``dataset``; declaring a name twice or naming an unknown stage is an error."""
    if dataset.name in DATASETS:
        raise ValueError(f"dataset '{dataset.name}' is declared twice")
    if dataset.stage not in STAGES:
        raise ValueError(f"dataset '{dataset.name}' names unknown stage '{dataset.stage}'")
    DATASETS[dataset.name] = dataset
    return dataset


def dataset(name: str) -> Dataset:
    """The declared dataset ``name``; ``UnknownDatasetError`` (listing the known) otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise UnknownDatasetError(f"unknown dataset '{name}' (the catalog has: {known})") from None


def resolve(item: Dataset | str) -> Dataset:
    """A dataset given by itself or by its name."""
    return item if isinstance(item, Dataset) else dataset(item)


def stage_outputs(stage: str) -> tuple[Dataset, ...]:
    return tuple(d for d in DATASETS.values() if d.stage == stage)
