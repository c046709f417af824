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
import pyarrow as pa

from helpers.config import ROUNDING_TOLERANCE_EUR
from helpers.finnish import parse_number
from helpers.income_statement import realisation_percent, remaining
from helpers.statement_conventions import half_unit
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


def finding_frame(
    file: str, item, check: str, printed, recomputed, tolerance, decimals=None
) -> pd.DataFrame:
    """``finding`` for many rows at once, as a typed audit frame: ``item`` a text per row,
    ``printed`` and ``recomputed`` arrays, ``tolerance`` and ``decimals`` one value or one
    per row. The same values, severities and notes as ``finding`` row by row."""
    printed = np.asarray(printed, dtype="float64")
    recomputed = np.asarray(recomputed, dtype="float64")
    difference = printed - recomputed
    within = np.abs(difference) <= np.asarray(tolerance) + 1e-9
    exact = np.abs(difference) < 1e-9
    if decimals is not None:
        decimals = np.broadcast_to(np.asarray(decimals), printed.shape)
        exact |= python_round(recomputed, decimals) == python_round(printed, decimals)
    severity = np.where(exact, 0, np.where(within, 1, 2))  # positions in SEVERITIES
    undefined = np.isnan(recomputed)
    severity[undefined] = np.where(printed[undefined] == 0, 1, 2)
    note = np.full(len(printed), "", dtype=object)
    note[undefined] = [
        f"not defined (zero denominator); printed as {p:g}" for p in printed[undefined]
    ]
    severity = pa.array(SEVERITIES, pa.large_string()).take(severity)
    note = pa.array(note, pa.large_string()) if undefined.any() else ""
    texts = {"file": file, "item": item, "check": check, "severity": severity, "note": note}
    numbers = {"printed": printed, "recomputed": recomputed, "difference": difference}
    numbers["tolerance"] = np.broadcast_to(np.asarray(tolerance, dtype="float64"), printed.shape)
    return pd.DataFrame(
        {
            column: (
                _texts(texts[column], len(printed))
                if column in texts
                else np.array(numbers[column], dtype="float64")
            )
            for column in COLUMNS
        }
    )


def _texts(values, count: int) -> pd.api.extensions.ExtensionArray:
    """A text column of the audit frame's dtype: one text for every row, or one per row."""
    if isinstance(values, str):
        values = pa.array([values], pa.large_string()).take(np.zeros(count, dtype=np.int64))
    return pd.array(values, dtype="str")


def python_round(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """``round(value, decimals)`` of every value, exactly as Python rounds (the exact binary
    value, half to even): ``numpy.round`` scales first, so a value like 2.675 (in binary just
    under 2,675) can round up. Scaling is exact enough except within a few units in the last
    place of a half, and those few values are rounded by Python itself."""
    values = np.asarray(values, dtype="float64")
    scale = 10.0 ** np.asarray(decimals, dtype="float64")
    scaled = values * scale
    with np.errstate(invalid="ignore"):
        out = np.rint(scaled) / scale
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= np.abs(scaled) * 2.0**-48
    for index in np.flatnonzero(near_half):
        out[index] = round(float(values[index]), int(np.ravel(decimals)[index]))
    return out


def audit_frame(parts: list) -> pd.DataFrame:
    """The audit table of ``parts`` in their order: single findings (dicts of ``finding``)
    and typed frames of many (``finding_frame``); typed even when empty (a period with
    nothing to check)."""
    frames, singles = [], []
    for part in [*parts, None]:
        if isinstance(part, dict):
            singles.append(part)
            continue
        if singles:
            frames.append(_typed(pd.DataFrame(singles, columns=COLUMNS)))
            singles = []
        if part is not None and len(part):
            frames.append(part)
    if not frames:
        return _typed(pd.DataFrame([], columns=COLUMNS))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
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
