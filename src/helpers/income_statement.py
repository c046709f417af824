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
# What each column is, for messages, and the header patterns an export may use.
_ROLES = {
    PRIOR_YEAR: "last year's financial statements (TP yyyy)",
    PRIOR_YTD: "last year's actual to date (TOT yyyy m kk)",
    BUDGET: "the budget (TA yyyy)",
    ACTUAL_YTD: "this year's actual (TOT yyyy m kk)",
    PRINTED_REMAINING: "the printed remaining budget (Jäljellä)",
    PRINTED_PERCENT: "the printed realisation % (TOT-yy %)",
}
ACCEPTED_HEADERS = (
    f"'{UNIT_COLUMN}', '{LINE_COLUMN}', 'TP yyyy', 'TA yyyy' (or 'TA yyyy +muutos'), "
    "'TOT yyyy m kk' for last year and this year, and optionally 'Jäljellä' and 'TOT-yy %'"
)


@dataclass(frozen=True)
class Columns:
    """Which printed header carries which measure, with the years and months it states."""

    header: dict[str, str]  # measure → printed header
    year: int
    months: int


def identify_columns(headers: list[str], path: Path) -> Columns:
    """Map printed headers to measures, one header per measure; both ``TOT yyyy m kk`` columns
    are told apart by year. A second header for a measure is an error naming both."""
    found: dict[str, str] = {}
    actuals: list[tuple[int, int, str]] = []
    for header in headers:
        if header in (UNIT_COLUMN, LINE_COLUMN, ROW):
            continue
        measure, match = next(
            ((m, p.match(header)) for m, p in _HEADER_PATTERNS.items() if p.match(header)),
            (None, None),
        )
        if measure is None:
            raise InputDataError(
                f"unknown column; expected {ACCEPTED_HEADERS}", file=path, row=1, column=header
            )
        if measure == ACTUAL_YTD:
            actuals.append((int(match.group(1)), int(match.group(2)), header))
        elif measure in found:
            raise _two_columns(measure, found[measure], header, path)
        else:
            found[measure] = header
    for measure, label in ((PRIOR_YEAR, "TP yyyy"), (BUDGET, "TA yyyy")):
        if measure not in found:
            raise InputDataError(
                f"missing column '{label}'; expected {ACCEPTED_HEADERS}",
                file=path,
                row=1,
                column=label,
            )
    prior, current = _split_actuals(actuals, path)
    (prior_year, prior_months, _), (year, months, _) = prior, current
    years = {m: int(_HEADER_PATTERNS[m].match(found[m]).group(1)) for m in (PRIOR_YEAR, BUDGET)}
    percent = found.get(PRINTED_PERCENT)
    percent_year = _HEADER_PATTERNS[PRINTED_PERCENT].match(percent).group(1) if percent else None
    if not (
        years[BUDGET] == year
        and prior_year == year - 1 == years[PRIOR_YEAR]
        and prior_months == months
        and percent_year in (None, f"{year % 100:02d}")
    ):
        shown = [found[PRIOR_YEAR], prior[2], found[BUDGET], current[2], percent]
        raise InputDataError(
            f"the columns do not describe one period: {', '.join(h for h in shown if h)}",
            file=path,
            row=1,
            column=current[2],
        )
    found[PRIOR_YTD], found[ACTUAL_YTD] = prior[2], current[2]
    return Columns(header=found, year=year, months=months)


def _split_actuals(
    actuals: list[tuple[int, int, str]], path: Path
) -> tuple[tuple[int, int, str], tuple[int, int, str]]:
    """Last year's and this year's ``TOT yyyy m kk`` column; this year is the later one."""
    if not actuals:
        raise InputDataError(
            "expected two actual columns 'TOT yyyy m kk' (last year and this year)",
            file=path,
            row=1,
            column="TOT yyyy m kk",
        )
    this_year = max(year for year, _, _ in actuals)
    by_role = {
        ACTUAL_YTD: [a for a in actuals if a[0] == this_year],
        PRIOR_YTD: [a for a in actuals if a[0] != this_year],
    }
    for measure, columns in by_role.items():
        if len(columns) > 1:
            raise _two_columns(measure, columns[0][2], columns[1][2], path)
    if not by_role[PRIOR_YTD]:
        raise InputDataError(
            "expected two actual columns 'TOT yyyy m kk' (last year and this year)",
            file=path,
            row=1,
            column="TOT yyyy m kk",
        )
    return by_role[PRIOR_YTD][0], by_role[ACTUAL_YTD][0]


def _two_columns(measure: str, first: str, second: str, path: Path) -> InputDataError:
    return InputDataError(
        f"two columns for {_ROLES[measure]}: '{first}' and '{second}'; keep one",
        file=path,
        row=1,
        column=second,
    )


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
    parsed = parse_numeric_columns(raw, amount_headers, path, required=True, unit="€")
    for measure, unit in ((PRINTED_REMAINING, "€"), (PRINTED_PERCENT, "%")):
        if measure in columns.header:
            parsed = parse_numeric_columns(parsed, [columns.header[measure]], path, unit=unit)
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


def check_complete(
    tidy: pd.DataFrame,
    path: Path,
    units: Iterable[str],
    lines: Iterable[str],
    unit_of_lines: str | None = None,
) -> None:
    """Every unit of ``units`` has rows, and every line of ``lines`` has a row (of the unit
    ``unit_of_lines``, or of any unit). A single unit may omit a line, as printed statements
    omit zero lines; a unit or a line missing altogether is an error naming it."""
    for unit in units:
        if not (tidy["unit"] == unit).any():
            raise InputDataError(
                f"no rows for the unit '{unit}' (entity.yml lists it: every unit must be in "
                "the export)",
                file=path,
                column=UNIT_COLUMN,
            )
    rows = tidy if unit_of_lines is None else tidy[tidy["unit"] == unit_of_lines]
    of_unit = f" of the unit '{unit_of_lines}'" if unit_of_lines else ""
    for line in lines:
        if not (rows["line"] == line).any():
            raise InputDataError(
                f"no rows for the line '{line}'{of_unit} (entity.yml lists it)",
                file=path,
                column=LINE_COLUMN,
            )


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
