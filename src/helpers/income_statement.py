"""The income statement (tuloslaskelma): raw export → tidy table → report table.

The export prints one row per unit and line with the columns ``TP 2023``, ``TOT 2023 6 kk``,
``TA 2024 +muutos``, ``TOT 2024 6 kk`` and the derived ``Jäljellä`` and ``TOT-24 %``. The years
and months in the headers say which period the file covers, so they are checked against the
requested period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.config import ROUNDING_TOLERANCE_EUR, EntityConfig
from helpers.errors import InputDataError
from helpers.ingest import ROW, parse_numeric_columns, read_table
from helpers.schemas import raw_statement_schema, validate

UNIT_COLUMN = "Yksikkö"
LINE_COLUMN = "Rivi"

# Measures of the tidy table, in print order.
PRIOR_YEAR = "tp"  # tilinpäätös: last year's full-year actual
PRIOR_YTD = "tot_prior"  # last year's actual at the same date
BUDGET = "ta"  # talousarvio including changes
ACTUAL_YTD = "tot"  # this year's actual to date
MEASURES = (PRIOR_YEAR, PRIOR_YTD, BUDGET, ACTUAL_YTD)

PRINTED_REMAINING = "remaining_printed"
PRINTED_PERCENT = "percent_printed"

_HEADER_PATTERNS = {
    PRIOR_YEAR: re.compile(r"^TP (\d{4})$"),
    BUDGET: re.compile(r"^TA (\d{4})(?: \+ ?muutos)?$"),
    ACTUAL_YTD: re.compile(r"^TOT (\d{4}) (\d{1,2}) kk$"),
    PRINTED_REMAINING: re.compile(r"^Jäljellä$"),
    PRINTED_PERCENT: re.compile(r"^TOT-(\d{2}) %$"),
}


@dataclass(frozen=True)
class Columns:
    """Which printed header carries which measure, with the years and months it states."""

    header: dict[str, str]  # measure → printed header
    year: int
    months: int


def identify_columns(headers: list[str], path: Path) -> Columns:
    """Map printed headers to measures; both ``TOT yyyy m kk`` columns are told apart by year."""
    found: dict[str, str] = {}
    actuals: list[tuple[int, int, str]] = []
    for header in headers:
        if header in (UNIT_COLUMN, LINE_COLUMN, ROW):
            continue
        for measure, pattern in _HEADER_PATTERNS.items():
            match = pattern.match(header)
            if not match:
                continue
            if measure == ACTUAL_YTD:
                actuals.append((int(match.group(1)), int(match.group(2)), header))
            else:
                found[measure] = header
            break
        else:
            raise InputDataError("unknown column", file=path, row=1, column=header)
    for measure, label in ((PRIOR_YEAR, "TP yyyy"), (BUDGET, "TA yyyy")):
        if measure not in found:
            raise InputDataError(f"missing column '{label}'", file=path, row=1, column=label)
    if len(actuals) != 2:
        raise InputDataError(
            "expected two actual columns 'TOT yyyy m kk' (last year and this year)",
            file=path,
            row=1,
            column="TOT yyyy m kk",
        )
    (prior_year, prior_months, prior), (year, months, current) = sorted(actuals)
    budget_year = int(_HEADER_PATTERNS[BUDGET].match(found[BUDGET]).group(1))
    tp_year = int(_HEADER_PATTERNS[PRIOR_YEAR].match(found[PRIOR_YEAR]).group(1))
    if not (budget_year == year and prior_year == year - 1 == tp_year and prior_months == months):
        raise InputDataError(
            f"the columns do not describe one period: {found[PRIOR_YEAR]}, {prior}, "
            f"{found[BUDGET]}, {current}",
            file=path,
            row=1,
            column=current,
        )
    found[PRIOR_YTD], found[ACTUAL_YTD] = prior, current
    return Columns(header=found, year=year, months=months)


def read_income_statement(
    path: Path, config: EntityConfig, period_end: dt.date, lines: Iterable[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate an income-statement export for ``period_end``.

    Returns ``(tidy, printed)``: ``tidy`` has one row per unit × line × measure with the amount
    in euros; ``printed`` keeps the printed derived columns (Jäljellä, TOT-%) per unit × line
    for the audit. ``lines`` are the allowed line labels (default: the statement's lines;
    the TULOT / MENOT / NETTO summary passes its own).
    """
    raw = read_table(path, required=(UNIT_COLUMN, LINE_COLUMN))
    columns = identify_columns(list(raw.columns), path)
    if (columns.year, columns.months) != (period_end.year, period_end.month):
        raise InputDataError(
            f"the file covers {columns.months} months of {columns.year}, "
            f"but the period asked for ends {period_end.isoformat()}",
            file=path,
            row=1,
            column=columns.header[ACTUAL_YTD],
        )
    amount_headers = [columns.header[m] for m in MEASURES]
    printed_headers = [
        columns.header[m] for m in (PRINTED_REMAINING, PRINTED_PERCENT) if m in columns.header
    ]
    parsed = parse_numeric_columns(raw, amount_headers, path, required=True)
    parsed = parse_numeric_columns(parsed, printed_headers, path)
    schema = raw_statement_schema(
        [u.label for u in config.units], list(lines or config.line_names), amount_headers
    )
    validate(parsed, schema, str(path), {}, row_column=ROW)
    base = parsed.rename(columns={UNIT_COLUMN: "unit", LINE_COLUMN: "line"})
    tidy = base.melt(
        id_vars=["unit", "line"],
        value_vars=amount_headers,
        var_name="header",
        value_name="amount",
    )
    header_to_measure = {columns.header[m]: m for m in MEASURES}
    tidy["measure"] = tidy.pop("header").map(header_to_measure)
    tidy["year"] = tidy["measure"].map(
        {
            PRIOR_YEAR: columns.year - 1,
            PRIOR_YTD: columns.year - 1,
            BUDGET: columns.year,
            ACTUAL_YTD: columns.year,
        }
    )
    tidy["months"] = tidy["measure"].map(
        {PRIOR_YEAR: 12, PRIOR_YTD: columns.months, BUDGET: 12, ACTUAL_YTD: columns.months}
    )
    printed = base[["unit", "line"]].copy()
    for measure in (PRINTED_REMAINING, PRINTED_PERCENT):
        header = columns.header.get(measure)
        printed[measure] = base[header] if header else pd.array([pd.NA] * len(base), "Float64")
    printed["row"] = base[ROW]
    return _order(tidy, config, list(lines or config.line_names)), printed


def _order(
    tidy: pd.DataFrame, config: EntityConfig, line_names: list[str] | None = None
) -> pd.DataFrame:
    unit_order = {u.label: i for i, u in enumerate(config.units)}
    line_order = {name: i for i, name in enumerate(line_names or config.line_names)}
    measure_order = {m: i for i, m in enumerate(MEASURES)}
    keys = pd.DataFrame(
        {
            "u": tidy["unit"].map(unit_order),
            "l": tidy["line"].map(line_order),
            "m": tidy["measure"].map(measure_order),
        }
    )
    ordered = tidy.loc[keys.sort_values(["u", "l", "m"]).index].reset_index(drop=True)
    ordered["amount"] = ordered["amount"].astype("float64")
    return ordered[["unit", "line", "measure", "year", "months", "amount"]]


def recompute_subtotals(
    tidy: pd.DataFrame, config: EntityConfig, tolerance: float = ROUNDING_TOLERANCE_EUR
) -> pd.DataFrame:
    """Check every subtotal line against the sum of its parts and give every unit every subtotal.

    The finance system sums unrounded cents and then rounds each line, so an exported subtotal
    may differ from the sum of the rounded lines by a euro or two; within ``tolerance`` the
    exported (more precise) value is kept, beyond it the recomputed sum replaces it (the audit
    reports both cases). A unit that does not print a line (a service area with no financial
    items) counts it as zero, so the department can be compared with its service areas.
    """
    wide = tidy.pivot_table(
        index=["unit", "measure", "year", "months"],
        columns="line",
        values="amount",
        aggfunc="sum",
        sort=False,
    )
    for line in config.lines:
        if not line.is_subtotal:
            continue
        computed = wide.reindex(columns=list(line.sum_of)).fillna(0.0).sum(axis=1)
        exported = wide.get(line.name, computed)
        agrees = (exported - computed).abs() <= tolerance
        wide[line.name] = exported.where(agrees, computed)
    present = set(zip(tidy["unit"], tidy["line"], strict=True))
    long = wide.reset_index().melt(
        id_vars=["unit", "measure", "year", "months"], var_name="line", value_name="amount"
    )
    subtotal_names = {line.name for line in config.lines if line.is_subtotal}
    keep = [
        (unit, line) in present or line in subtotal_names
        for unit, line in zip(long["unit"], long["line"], strict=True)
    ]
    return _order(long[keep], config)


def remaining(budget: pd.Series, actual: pd.Series) -> pd.Series:
    """Jäljellä: the budget not yet used (TA − TOT), in the export's sign convention."""
    return budget - actual


def realisation_percent(actual: pd.Series, budget: pd.Series) -> pd.Series:
    """TOT-%: the actual as a percentage of the budget; undefined (NaN) for a zero budget."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (actual / budget.where(budget != 0)) * 100.0


def statement_table(tidy: pd.DataFrame, config: EntityConfig, unit: str) -> pd.DataFrame:
    """One unit's statement as printed: lines in order, the four measures, Jäljellä, TOT-%.

    Column labels carry the years and months of the data (``TP 2023``, ``TOT 2024 6 kk``).
    """
    part = tidy[tidy["unit"] == unit]
    if part.empty:
        raise KeyError(f"no income statement for unit {unit!r}")
    labels = column_labels(part)
    wide = part.pivot(index="line", columns="measure", values="amount")
    order = [name for name in config.line_names if name in wide.index]
    wide = wide.loc[order, list(MEASURES)]
    table = wide.rename(columns=labels)
    table["Jäljellä"] = remaining(wide[BUDGET], wide[ACTUAL_YTD])
    table[f"TOT-{str(part['year'].max())[-2:]} %"] = realisation_percent(
        wide[ACTUAL_YTD], wide[BUDGET]
    )
    table.index.name = "Selite"
    table.columns.name = None
    return table


def column_labels(part: pd.DataFrame) -> dict[str, str]:
    """Printed column labels for the measures present in ``part``."""
    meta = part.drop_duplicates("measure").set_index("measure")
    labels = {}
    for measure, row in meta.iterrows():
        year, months = int(row["year"]), int(row["months"])
        labels[measure] = {
            PRIOR_YEAR: f"TP {year}",
            PRIOR_YTD: f"TOT {year} {months} kk",
            BUDGET: f"TA {year} +muutos",
            ACTUAL_YTD: f"TOT {year} {months} kk",
        }[measure]
    return labels
