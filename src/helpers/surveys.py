"""Survey shares with confidence intervals, judged against targets and baselines."""

from __future__ import annotations

import math

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

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
    small = surveys.apply(is_small_group, axis=1).astype(bool) if len(surveys) else []
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
        n, count = int(base["respondents"]), cell_count(base)
        low, high = wilson_interval(count, n)
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
                    "count": count,
                    "count_derived": bool(pd.isna(base["count"])),
                    "share_pct": count / n * 100,
                    "printed_pct": float(base["share_pct"]),
                    "suppressed": False,
                    "ci_low": low,
                    "ci_high": high,
                    "reference_type": kind,
                    "reference_value": float(value) if not pd.isna(value) else math.nan,
                    "judgement": _judge(kind, value, low, high),
                }
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
    return {
        "survey": survey,
        "measure": measure,
        "respondents": respondents,
        "count": math.nan,
        "count_derived": False,
        "share_pct": math.nan,
        "printed_pct": math.nan,
        "suppressed": True,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "reference_type": "",
        "reference_value": math.nan,
        "judgement": SUPPRESSED,
    }
