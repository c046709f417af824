"""Reading and writing a period's datasets: only declared names, only a stage's own outputs,
each validated by its schema and written whole (a reader never sees half a file)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from helpers.catalog.model import DATASETS, Dataset, dataset, resolve
from helpers.config import EntityConfig
from helpers.schemas import already_validated, processed_schema
from helpers.store import read_parquet, write_parquet


def read(folder: Path, item: Dataset | str) -> pd.DataFrame:
    """A dataset of a period, or an empty frame when the period has none."""
    path = Path(folder) / resolve(item).file_name
    return read_parquet(path) if path.is_file() else pd.DataFrame()


def read_all(folder: Path) -> Tables:
    """Every dataset the period has, by name, behind the catalog's name check."""
    folder = Path(folder)
    return Tables(
        {d.name: read(folder, d) for d in DATASETS.values() if (folder / d.file_name).is_file()}
    )


def validate(item: Dataset | str, frame: pd.DataFrame, config: EntityConfig) -> pd.DataFrame:
    """Check one output against its dataset's schema. A raw table the clean stage keeps as
    ingest read and validated it (no added columns, equal content, the same schema object)
    is not checked a second time: its schema is exactly the one ingest passed it against."""
    ds = resolve(item)
    as_read = ds.raw is not None and not ds.raw.added
    if as_read and already_validated(frame, processed_schema(ds.raw, with_added=False)):
        return frame
    return ds.schema(config).validate(frame)


def _owned(name: str, stage: str) -> Dataset:
    ds = dataset(name)
    if ds.stage != stage:
        raise ValueError(f"stage {stage} may not write '{name}' (it belongs to {ds.stage})")
    return ds


def validate_stage(tables: Mapping[str, pd.DataFrame], config: EntityConfig, *, stage: str) -> None:
    """Check that every table is a dataset of ``stage`` and matches its schema."""
    for name, frame in tables.items():
        validate(_owned(name, stage), frame, config)


def write_frames(folder: Path, tables: Mapping[str, pd.DataFrame], *, stage: str) -> list[Path]:
    """Write validated outputs of ``stage``: each to a temporary file renamed into place, so a
    reader never sees half a file. Returns the written paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_parquet(frame, folder / _owned(name, stage).file_name)
        for name, frame in sorted(tables.items())
    ]


def write_stage(
    folder: Path, tables: Mapping[str, pd.DataFrame], config: EntityConfig, *, stage: str
) -> list[Path]:
    """Validate every output of a stage first, then write them all."""
    validate_stage(tables, config, stage=stage)
    return write_frames(folder, tables, stage=stage)


class UndeclaredReadError(LookupError):
    """A stage asked for a dataset its declared reads (``catalog.reads``) leave out: the
    runner would not re-run the stage when that dataset changes."""


class Tables(Mapping[str, pd.DataFrame]):
    """A period's datasets by name; an undeclared name is an error, an absent one is empty.
    With ``allowed`` (a stage's declared reads), any other dataset is an error too."""

    def __init__(
        self,
        frames: Mapping[str, pd.DataFrame],
        allowed: set[str] | None = None,
        reader: str = "",
    ) -> None:
        for name in frames:
            dataset(name)
        self._frames = dict(frames)
        self._allowed = None if allowed is None else frozenset(allowed)
        self._reader = reader

    def _checked(self, name: str) -> str:
        name = dataset(name).name
        if self._allowed is not None and name not in self._allowed:
            raise UndeclaredReadError(
                f"stage {self._reader} reads '{name}', which its declared reads in "
                "helpers/catalog/reads.py leave out: declare it there"
            )
        return name

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._frames.get(self._checked(name), pd.DataFrame())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._checked(name) in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def get(self, name: str, default=None) -> pd.DataFrame:
        """Like ``tables[name]``: an absent dataset is an empty frame, a typo an error."""
        return self[name]
