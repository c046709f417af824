"""Audit: recompute every printed derived value and total and compare it with the print.

Every check gives one row: file, item, check, printed, recomputed, difference, tolerance,
severity and a note. Severity is ``ok`` for an exact match, ``info`` for a difference within
the named tolerance (rounding), ``error`` beyond it. The checks are general rules; nothing
here knows which numbers of a particular report are wrong.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers.config import ROUNDING_TOLERANCE_EUR, EntityConfig
from helpers.finnish import parse_number
from helpers.income_statement import (
    ACTUAL_YTD,
    BUDGET,
    PRINTED_CHANGE,
    PRINTED_PERCENT,
    PRINTED_REMAINING,
    PRIOR_YTD,
    column_labels,
    realisation_percent,
    remaining,
)
from helpers.statement_conventions import COMPUTED, DERIVED, PRINTED, half_unit
from helpers.surveys import SUPPRESSED, is_small_group

# A percentage recomputed from whole euros may differ from one computed from cents by this
# much on top of the printed rounding (half of the last printed digit).
PERCENT_INPUT_ROUNDING_POINTS = 0.005


def percent_tolerance(decimals: int) -> float:
    """How far a printed percentage may be from the recomputed one: half of its last printed
    digit plus the rounding of its euro inputs (2 decimals → 0,01; 1 decimal → 0,055)."""
    return half_unit(decimals) + PERCENT_INPUT_ROUNDING_POINTS


# The tolerance of a percentage printed with two decimals (investments print two).
PERCENT_TOLERANCE_POINTS = percent_tolerance(2)
COLUMNS = [
    "file",
    "item",
    "check",
    "printed",
    "recomputed",
    "difference",
    "tolerance",
    "severity",
    "note",
]
# A printed value that matches, one within the rounding tolerance, one that is wrong.
OK, ROUNDING, ERROR = "ok", "info", "error"
SEVERITIES = (OK, ROUNDING, ERROR)
# The department's printed rows against its service areas: the report keeps the printed
# department (it may hold units the statement does not list), so an error here is shown as is.
DEPARTMENT_SUM_CHECK = "toimiala = palvelualueiden summa"


def finding(file, item, check, printed, recomputed, tolerance, note="", decimals=None) -> dict:
    """One audit row; the severity follows from the difference and the tolerance.

    With ``decimals`` (the printed precision of a percentage) a recomputed value that rounds
    to the printed one is an exact match.
    """
    printed = float(printed)
    if recomputed is None or (isinstance(recomputed, float) and math.isnan(recomputed)):
        recomputed = difference = np.nan
        severity = ROUNDING if printed == 0 else ERROR
        note = note or "not defined (zero denominator); printed as " + f"{printed:g}"
    else:
        recomputed = float(recomputed)
        difference = printed - recomputed
        if (
            decimals is not None
            and round(recomputed, decimals) == round(printed, decimals)
            or abs(difference) < 1e-9
        ):
            severity = OK
        elif abs(difference) <= tolerance + 1e-9:
            severity = ROUNDING
        else:
            severity = ERROR
    return dict(  # in the order of COLUMNS
        file=file,
        item=item,
        check=check,
        printed=printed,
        recomputed=recomputed,
        difference=difference,
        tolerance=tolerance,
        severity=severity,
        note=note,
    )


def _wide(tidy: pd.DataFrame) -> pd.DataFrame:
    return tidy.pivot_table(index=["unit", "line"], columns="measure", values="amount", sort=False)


def statement_checks(
    exported: pd.DataFrame,
    processed: pd.DataFrame,
    printed: pd.DataFrame,
    config: EntityConfig,
    file: str,
) -> list[dict]:
    """Line sums of every printed subtotal, and the printed Jäljellä, TOT-% and change columns.

    Only printed values are compared: a value the suite computed or derived is never shown as
    printed, and a printed column that served to recompute a missing measure (TA from
    Jäljellä or TOT-%, last year's actual from the change) is not checked against it.
    """
    return _subtotal_checks(exported, processed, config, file) + _printed_column_checks(
        exported, processed, printed, file
    )


def _subtotal_checks(
    exported: pd.DataFrame, processed: pd.DataFrame, config: EntityConfig, file: str
) -> list[dict]:
    """Every printed subtotal against the sum of its parts (as processed: a part the export
    does not print is the suite's own sum of its parts). A part the unit lacks counts as zero
    when other units have it; a part no unit has, or a derived part, leaves nothing to check."""
    rows = []
    labels = column_labels(exported)
    keys = ["unit", "measure"]
    parts_wide = processed.pivot_table(index=keys, columns="line", values="amount", sort=False)
    # Every row has an origin, so this table holds every key and line of parts_wide.
    derived = processed.pivot_table(
        index=keys, columns="line", values="origin", aggfunc="first", sort=False
    ).eq(DERIVED)
    own = exported[exported["origin"] == PRINTED]
    for line in config.lines:
        if not line.is_subtotal or not set(line.sum_of) <= set(parts_wide.columns):
            continue
        parts = list(line.sum_of)
        sums = parts_wide[parts].fillna(0.0).sum(axis=1)
        skip = derived[parts].any(axis=1)
        for _, row in own[own["line"] == line.name].iterrows():
            key = (row["unit"], row["measure"])
            if key not in sums.index or skip[key]:
                continue
            rows.append(
                finding(
                    file,
                    f"{key[0]} / {line.name} / {labels[key[1]]}",
                    f"{line.name} = " + " + ".join(line.sum_of),
                    row["amount"],
                    sums[key],
                    ROUNDING_TOLERANCE_EUR,
                )
            )
    return rows


def _printed_column_checks(
    exported: pd.DataFrame, processed: pd.DataFrame, printed: pd.DataFrame, file: str
) -> list[dict]:
    rows = []
    wide = _wide(processed)
    origin = exported.set_index(["unit", "line", "measure"])["origin"]
    for _, row in printed.iterrows():
        key = (row["unit"], row["line"])
        budget, actual = _value(wide, key, BUDGET), _value(wide, key, ACTUAL_YTD)
        budget_origin = origin.get((*key, BUDGET))
        item = f"{key[0]} / {key[1]}"
        if not pd.isna(row[PRINTED_REMAINING]) and budget_origin == PRINTED:
            rows.append(
                finding(
                    file,
                    f"{item} / Jäljellä",
                    "Jäljellä = TA − TOT",
                    row[PRINTED_REMAINING],
                    remaining(budget, actual),
                    ROUNDING_TOLERANCE_EUR,
                    decimals=int(row["remaining_decimals"]),
                )
            )
        if not pd.isna(row[PRINTED_PERCENT]) and budget_origin in (PRINTED, COMPUTED):
            decimals = int(row["percent_decimals"])
            percent = realisation_percent(pd.Series([actual]), pd.Series([budget])).iloc[0]
            rows.append(
                finding(
                    file,
                    f"{item} / TOT-%",
                    "TOT-% = TOT / TA × 100",
                    row[PRINTED_PERCENT],
                    percent,
                    percent_tolerance(decimals),
                    decimals=decimals,
                )
            )
        if not pd.isna(row[PRINTED_CHANGE]) and origin.get((*key, PRIOR_YTD)) == PRINTED:
            rows.append(
                finding(
                    file,
                    f"{item} / muutos",
                    "muutos = TOT − edellisen vuoden TOT",
                    row[PRINTED_CHANGE],
                    actual - _value(wide, key, PRIOR_YTD),
                    ROUNDING_TOLERANCE_EUR,
                    decimals=int(row["change_decimals"]),
                )
            )
    return rows


def _value(wide: pd.DataFrame, key: tuple, measure: str) -> float:
    if measure not in wide.columns or key not in wide.index:
        return np.nan
    return wide.loc[key, measure]


def department_checks(
    exported: pd.DataFrame, processed: pd.DataFrame, config: EntityConfig, file: str
) -> list[dict]:
    """The department's every printed line and column against the sum of its service areas.

    A department printed without rows of its own is that sum (computed): nothing to check.
    """
    rows = []
    labels = column_labels(exported)
    department = config.department_unit.label
    areas = [u.label for u in config.service_areas]
    own = exported[(exported["unit"] == department) & (exported["origin"] == PRINTED)]
    wide = processed.pivot_table(
        index=["line", "measure"], columns="unit", values="amount", sort=False
    )
    if own.empty or not set(areas) & set(wide.columns):
        return rows
    for _, printed_row in own.iterrows():
        key = (printed_row["line"], printed_row["measure"])
        if key not in wide.index:
            continue
        total = wide.loc[key].reindex(areas).fillna(0.0).sum()
        rows.append(
            finding(
                file,
                f"{department} / {key[0]} / {labels[key[1]]}",
                DEPARTMENT_SUM_CHECK,
                printed_row["amount"],
                total,
                ROUNDING_TOLERANCE_EUR * len(areas),
            )
        )
    return rows


def summary_checks(
    summary: pd.DataFrame,
    summary_printed: pd.DataFrame,
    processed: pd.DataFrame,
    config: EntityConfig,
    file: str,
) -> list[dict]:
    """TULOT / MENOT / NETTO against the statement lines they summarise, and their own
    Jäljellä and TOT-%."""
    rows = []
    labels = column_labels(summary)
    statement = processed.set_index(["unit", "line", "measure"])["amount"]
    for _, row in summary[summary["origin"] == PRINTED].iterrows():
        line = config.summary_lines.get(row["line"])
        key = (row["unit"], line, row["measure"])
        if line is None or key not in statement.index:
            continue
        rows.append(
            finding(
                file,
                f"{row['unit']} / {row['line']} / {labels[row['measure']]}",
                f"{row['line']} = tuloslaskelman {line}",
                row["amount"],
                statement[key],
                ROUNDING_TOLERANCE_EUR,
            )
        )
    # The summary has no subtotal lines of its own, so only its printed columns are checked.
    return rows + statement_checks(summary, summary, summary_printed, config, file)


def investment_checks(investments: pd.DataFrame) -> list[dict]:
    """Printed deviation (TA − actual) and realisation % of each investment line."""
    rows = []
    deviation = remaining(investments["budget"], investments["actual"])
    percent = realisation_percent(investments["actual"], investments["budget"])
    for index, row in investments.iterrows():
        item = f"{row['unit']} / {row['line']}"
        if not pd.isna(row["deviation_printed"]):
            rows.append(
                finding(
                    row["source_file"],
                    f"{item} / Poikkeama",
                    "Poikkeama = TA − toteuma",
                    row["deviation_printed"],
                    deviation[index],
                    ROUNDING_TOLERANCE_EUR,
                )
            )
        if not pd.isna(row["realisation_pct_printed"]):
            rows.append(
                finding(
                    row["source_file"],
                    f"{item} / Toteuma %",
                    "Toteuma % = toteuma / TA × 100",
                    row["realisation_pct_printed"],
                    percent[index],
                    PERCENT_TOLERANCE_POINTS,
                    decimals=2,
                )
            )
    return rows


def total_checks(table: pd.DataFrame, totals: pd.DataFrame, value: str, label: str) -> list[dict]:
    """A printed total row against the sum of the rows above it."""
    rows = []
    for _, total in totals.iterrows():
        printed = parse_number(total[label], "€" if "€" in label else None)
        rows.append(
            finding(
                total["source_file"],
                f"Yhteensä / {label}",
                "yhteensä = rivien summa",
                printed,
                float(table[value].sum()),
                ROUNDING_TOLERANCE_EUR,
            )
        )
    return rows


def survey_share_checks(surveys: pd.DataFrame) -> list[dict]:
    """A printed share against count ÷ respondents; the tolerance follows the printed decimals
    (a share printed as a whole number may be off by half a point). The check of a small
    group's cell (see ``helpers.surveys.is_small_group``) keeps its severity but not its
    numbers, so the audit never shows a suppressed figure."""
    rows = []
    known = surveys.dropna(subset=["respondents", "count", "share_pct"])
    for _, row in known.iterrows():
        share = float(row["share_pct"])
        decimals = len(f"{share:g}".partition(".")[2])
        tolerance = 0.5 * 10 ** (-decimals)
        checked = finding(
            row["source_file"],
            f"{row['survey']} / {row['measure']}",
            "osuus = lukumäärä / vastaajat × 100",
            share,
            row["count"] / row["respondents"] * 100,
            tolerance,
            decimals=decimals,
        )
        if is_small_group(row):
            checked.update(printed=np.nan, recomputed=np.nan, difference=np.nan, note=SUPPRESSED)
        rows.append(checked)
    return rows


def audit_frame(rows: list[dict]) -> pd.DataFrame:
    """The audit table; typed even when empty (a period with nothing to check)."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("printed", "recomputed", "difference", "tolerance"):
        frame[column] = frame[column].astype("float64")
    for column in ("file", "item", "check", "severity", "note"):
        frame[column] = frame[column].astype("str")
    return frame


def inconsistent_key_figure_units(key_figures: pd.DataFrame) -> pd.DataFrame:
    """Key-figure rows printed in a unit the rest of the figure's series does not use.

    A figure's series unit is the one printed in the most years; a year printed only in
    other units breaks the series (HYTE-kerroin: €/asukas in 2023 and 2024, but 169,53
    €/oppilas in 2022 — a coefficient per resident cannot be per pupil). Adds the column
    ``series_unit``. A figure with two units every year (€/asukas and €/lapsi) is fine.
    """
    flagged = []
    for _, rows in key_figures.groupby("figure", sort=False):
        years_per_unit = rows.groupby("unit_of_measure")["year"].nunique()
        series = set(years_per_unit[years_per_unit == years_per_unit.max()].index)
        for _, year_rows in rows.groupby("year"):
            if not series & set(year_rows["unit_of_measure"]):
                flagged.append(year_rows.assign(series_unit=" / ".join(sorted(series))))
    return pd.concat(flagged) if flagged else key_figures.iloc[0:0].assign(series_unit="")


def key_figure_unit_checks(key_figures: pd.DataFrame) -> list[dict]:
    """An error finding for every key figure printed outside its series' unit: it is not
    comparable with the other years and is not to be shown as a key figure."""
    rows = []
    for _, row in inconsistent_key_figure_units(key_figures).iterrows():
        item = f"{row['figure']} / {row['year']} / {row['unit_of_measure']}"
        note = (
            f"yksikköristiriita: {row['figure']} on muina vuosina {row['series_unit']}, mutta "
            f"vuodelle {row['year']} painettu {row['unit_of_measure']}; luku ei ole "
            "vertailukelpoinen eikä sitä näytetä tunnuslukuna (tarkistettava lähteestä)"
        )
        rows.append(
            finding(
                row["source_file"], item, "yhtenäinen mittayksikkö", row["value"], None, 0.0, note
            )
        )
    return rows
