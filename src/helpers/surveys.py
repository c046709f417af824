"""Survey shares with confidence intervals, judged against targets and baselines."""

from __future__ import annotations

import math

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from helpers.finnish import format_number, format_percent

CONFIDENCE = 0.95
# Statistical disclosure control: a share whose cell (or its complement) has fewer than this
# many respondents is not shown anywhere, because it could identify individual pupils.
MIN_CELL = 5
SUPPRESSED = "tieto suojattu (alle 5 vastaajaa solussa)"
# Reference types as printed in kyselyt.csv → how the share is judged against them.
TARGET_BELOW = "tavoite alle"
TARGET_ABOVE = "tavoite yli"
BASELINE_PREFIX = "lähtötaso"


def wilson_interval(count: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval of ``count / n`` in percent."""
    low, high = proportion_confint(count, n, alpha=1 - confidence, method="wilson")
    return low * 100, high * 100


def judge_below(low: float, high: float, limit: float) -> str:
    """A share that should be below ``limit``: met, not met, or undecided by the interval."""
    if high < limit:
        return "toteutuu"
    if low >= limit:
        return "ei toteudu"
    return "ei ratkea (luottamusväli kattaa rajan)"


def judge_above(low: float, high: float, limit: float) -> str:
    if low > limit:
        return "toteutuu"
    if high <= limit:
        return "ei toteudu"
    return "ei ratkea (luottamusväli kattaa rajan)"


def judge_change(low: float, high: float, baseline: float) -> str:
    """Against a baseline: significantly lower, higher, or no significant change."""
    if high < baseline:
        return "pienempi kuin lähtötaso"
    if low > baseline:
        return "suurempi kuin lähtötaso"
    return "ei merkitsevää muutosta"


def cell_count(row: pd.Series) -> int | None:
    """The count of a share's cell: as printed, or round(share × respondents / 100)."""
    if pd.isna(row["respondents"]):
        return None
    if not pd.isna(row["count"]):
        return int(row["count"])
    if not pd.isna(row["share_pct"]):
        return int(round(float(row["share_pct"]) * int(row["respondents"]) / 100))
    return None


def is_small_group(row: pd.Series) -> bool:
    """A figure of fewer than ``MIN_CELL`` people: a share whose cell or complement is small,
    or any other statistic (an average) of fewer than ``MIN_CELL`` respondents."""
    if pd.isna(row["respondents"]):
        return False  # the group is not known; nothing to judge
    n = int(row["respondents"])
    count = cell_count(row)
    if count is not None:
        return min(count, n - count) < MIN_CELL
    return n < MIN_CELL


def suppress_small_groups(surveys: pd.DataFrame) -> pd.DataFrame:
    """Survey rows with the figures of small groups blanked (count, share, value) and a
    ``suppressed`` flag, so that no output made from the table can show them."""
    out = surveys.copy()
    small = surveys.apply(is_small_group, axis=1).astype(bool)  # empty for a table without rows
    for column in ("count", "share_pct", "value"):
        out.loc[small, column] = pd.NA
    out["suppressed"] = pd.array(list(small), dtype="boolean")
    return out


def survey_shares(surveys: pd.DataFrame) -> pd.DataFrame:
    """Every survey share whose respondents are known, with a 95 % Wilson interval.

    Where the count is not printed it is derived as round(share × respondents / 100) and
    marked ``count_derived``. Targets and baselines printed on other rows of the same survey
    and measure are joined. Columns: survey, measure, respondents, count, count_derived,
    share_pct (count / respondents), printed_pct, ci_low, ci_high, reference_type,
    reference_value, judgement, suppressed. A suppressed row (a figure of fewer than
    ``MIN_CELL`` respondents, see ``suppress_small_groups``) shows only the respondents.

    A share known only from a printed percentage keeps the printed value, and its interval
    covers every count the print allows (``share_and_interval``); added columns: count_low,
    count_high, share_basis, complement_pct, complement_ci_low, complement_ci_high and
    complement_reference_value (the other answer group, e.g. those taking part).
    """
    if "suppressed" not in surveys:
        surveys = suppress_small_groups(surveys)
    rows = []
    for (survey, measure), group in surveys.groupby(["survey", "measure"], sort=False):
        known = group.dropna(subset=["respondents"])
        hidden = known[known["suppressed"].astype(bool)]
        if not hidden.empty:
            rows.append(_suppressed_row(survey, measure, int(hidden.iloc[0]["respondents"])))
            continue
        result = known.dropna(subset=["share_pct"])
        if result.empty:
            continue
        base = result.iloc[0]
        n = int(base["respondents"])
        shown = share_and_interval(base, n)
        low, high = shown["ci_low"], shown["ci_high"]
        references = group.dropna(subset=["reference_value"])
        if references.empty:
            references = pd.DataFrame([{"reference_type": "", "reference_value": math.nan}])
        for _, ref in references.iterrows():
            kind, value = ref["reference_type"], ref["reference_value"]
            rows.append(
                {
                    "survey": survey,
                    "measure": measure,
                    "respondents": n,
                    "count": cell_count(base),
                    "count_derived": bool(pd.isna(base["count"])),
                    "share_pct": shown["share_pct"],
                    "printed_pct": float(base["share_pct"]),
                    "suppressed": False,
                    "ci_low": low,
                    "ci_high": high,
                    "reference_type": kind,
                    "reference_value": float(value) if not pd.isna(value) else math.nan,
                    "judgement": _judge(kind, value, low, high),
                }
                | _extra_columns(shown, value),
            )
    return pd.DataFrame(rows)


def _judge(kind: str, value: float, low: float, high: float) -> str:
    if kind == TARGET_BELOW:
        return judge_below(low, high, float(value))
    if kind == TARGET_ABOVE:
        return judge_above(low, high, float(value))
    if str(kind).startswith(BASELINE_PREFIX):
        return judge_change(low, high, float(value))
    return ""


def _suppressed_row(survey: str, measure: str, respondents: int) -> dict:
    """A figure of a small group: only the group's size and the suppression are shown."""
    hidden = math.nan
    return {
        "survey": survey,
        "measure": measure,
        "respondents": respondents,
        "count": hidden,
        "count_derived": False,
        "share_pct": hidden,
        "printed_pct": hidden,
        "suppressed": True,
        "ci_low": hidden,
        "ci_high": hidden,
        "reference_type": "",
        "reference_value": hidden,
        "judgement": SUPPRESSED,
        "count_low": hidden,
        "count_high": hidden,
        "share_basis": "",
        "complement_pct": hidden,
        "complement_ci_low": hidden,
        "complement_ci_high": hidden,
        "complement_reference_value": hidden,
    }


# --- Shares known only from a printed percentage, and complements -------------------------

# "noin X %" (also written for "lähes X %"): the true share is taken to lie within X ± 15 %
# of X, e.g. "lähes 10 %" → 8,5–11,5 %; a judgement call documented in data/raw/README.md.
APPROXIMATE_RELATIVE = 0.15
FROM_COUNT = "laskettu lukumäärästä"
FROM_PRINT = "julkaistu pyöristetty osuus"


def printed_range(share: float, precision: str | None) -> tuple[float, float]:
    """The shares (percent) a printed figure stands for: rounding to its printed decimals
    (22 → 21,5–22,5), "noin" ± ``APPROXIMATE_RELATIVE``, "yli" up to 100, "alle" down to 0."""
    if precision == "noin":
        return share * (1 - APPROXIMATE_RELATIVE), share * (1 + APPROXIMATE_RELATIVE)
    if precision == "yli":
        return share, 100.0
    if precision == "alle":
        return 0.0, share
    half = 0.5 * 10.0 ** -len(f"{share:g}".partition(".")[2])
    return share - half, share + half


def consistent_counts(share: float, n: int, precision: str | None) -> tuple[int, int]:
    """The fewest and most respondents out of ``n`` whose share fits the printed figure."""
    low, high = printed_range(share, precision)
    fits = [c for c in range(n + 1) if low - 1e-9 <= c / n * 100 <= high + 1e-9]
    if not fits:  # a range narrower than one respondent: the nearest count
        fits = [int(round(share * n / 100))]
    return min(fits), max(fits)


def share_and_interval(base: pd.Series, n: int) -> dict:
    """Share and 95 % interval of one survey figure. With a printed count: count ÷ n and its
    Wilson interval. With only a printed percentage: the printed share as printed, and an
    interval from the lowest Wilson bound of the fewest fitting respondents to the highest
    bound of the most, so the rounding of the print widens it instead of a false decimal."""
    if not pd.isna(base["count"]):
        count = int(base["count"])
        low, high = wilson_interval(count, n)
        return {
            "share_pct": count / n * 100,
            "ci_low": low,
            "ci_high": high,
            "count_low": count,
            "count_high": count,
            "share_basis": FROM_COUNT,
        }
    precision = None if pd.isna(base.get("precision")) else str(base.get("precision"))
    share = float(base["share_pct"])
    fewest, most = consistent_counts(share, n, precision)
    basis = FROM_PRINT + (f" ({precision})" if precision else "")
    return {
        "share_pct": share,
        "ci_low": wilson_interval(fewest, n)[0],
        "ci_high": wilson_interval(most, n)[1],
        "count_low": fewest,
        "count_high": most,
        "share_basis": basis,
    }


def _extra_columns(shown: dict, reference: object) -> dict:
    """The added columns: fitting counts, how the share is known, and the complement (the
    other answer group, e.g. those who do take part) with its interval and reference."""
    return {
        "count_low": shown["count_low"],
        "count_high": shown["count_high"],
        "share_basis": shown["share_basis"],
        "complement_pct": 100 - shown["share_pct"],
        "complement_ci_low": 100 - shown["ci_high"],
        "complement_ci_high": 100 - shown["ci_low"],
        "complement_reference_value": math.nan if pd.isna(reference) else 100 - float(reference),
    }


# --- Plausibility --------------------------------------------------------------------------

# A share whose whole interval lies this many percentage points or more from the national
# level of the same measure is flagged for checking (a reversed question or a misprint).
IMPLAUSIBLE_POINTS = 30.0


def plausibility_notes(shares: pd.DataFrame, national: pd.DataFrame) -> pd.Series:
    """A note for every share far from the national level of the same measure (a row of
    kansalliset_vertailutiedot.csv whose ``Mittari`` is the survey's measure), else ""."""
    if national is None or national.empty or shares.empty:
        return pd.Series("", index=shares.index, dtype=object)
    levels = national.sort_values("year").groupby("metric").last()
    notes = []
    for _, row in shares.iterrows():
        note = ""
        if row["measure"] in levels.index and not pd.isna(row["ci_low"]):
            level = levels.loc[row["measure"]]
            gap = max(row["ci_low"] - level["value"], level["value"] - row["ci_high"])
            if gap >= IMPLAUSIBLE_POINTS:
                note = (
                    f"tarkistettava: tulos {share_text(row['share_pct'])} % poikkeaa vähintään "
                    f"{format_number(IMPLAUSIBLE_POINTS)} prosenttiyksikköä vertailutasosta "
                    f"{_pct(level['value'])} "
                    f"({level['source']}); onko luku tai kysymyksen suunta oikein?"
                )
        notes.append(note)
    return pd.Series(notes, index=shares.index, dtype=object)


def share_text(value: object) -> str:
    """A share with one decimal, without a decimal the figure never had: 22,1 · 14 · 10."""
    if pd.isna(value):
        return ""
    text = format_number(float(value), 1)
    return text[:-2] if text.endswith(",0") else text


def _pct(value: float) -> str:
    """A national level with the decimals it was given: ``85 %``, ``70,5 %``."""
    return format_percent(value, len(f"{value:g}".partition(".")[2]))
