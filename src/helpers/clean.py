"""The clean stage: raw exports of one period → validated, recomputed, tidy tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from helpers.config import EntityConfig, load_entity_config, parse_period_end, period_dir
from helpers.errors import InputDataError
from helpers.income_statement import read_income_statement, recompute_subtotals
from helpers.ingest import find_table
from helpers.store import staged_directory, write_parquet

INCOME_STATEMENT = "income_statement"
INCOME_STATEMENT_PRINTED = "income_statement_printed"


def build_processed(
    raw_dir: Path, entity: str, period_end: str | dt.date
) -> tuple[EntityConfig, dict[str, pd.DataFrame]]:
    """Read and validate every raw table of the period; nothing is written here."""
    day = parse_period_end(period_end)
    config = load_entity_config(Path(raw_dir), entity)
    source = period_dir(Path(raw_dir), entity, day)
    tables: dict[str, pd.DataFrame] = {}
    statement_file = find_table(source, "tuloslaskelma")
    if statement_file is None:
        raise InputDataError(
            "no income statement (tuloslaskelma.csv or .xlsx) for this period", file=source
        )
    tidy, printed = read_income_statement(statement_file, config, day)
    tables[INCOME_STATEMENT] = recompute_subtotals(tidy, config)
    tables[INCOME_STATEMENT_PRINTED] = printed.assign(file=statement_file.name)
    return config, tables


def write_processed(
    tables: dict[str, pd.DataFrame], processed_dir: Path, entity: str, period_end: str | dt.date
) -> Path:
    """Replace the period's processed folder as a whole with ``tables`` (parquet)."""
    target = period_dir(Path(processed_dir), entity, period_end)
    with staged_directory(target) as staging:
        for name, frame in sorted(tables.items()):
            write_parquet(frame, staging / f"{name}.parquet")
    return target
