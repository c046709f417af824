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


def survey_shares(surveys: pd.DataFrame) -> pd.DataFrame:
    """Every survey share whose respondents are known, with a 95 % Wilson interval.

    Where the count is not printed it is derived as round(share × respondents / 100) and
    marked ``count_derived``. Targets and baselines printed on other rows of the same survey
    and measure are joined. Columns: survey, measure, respondents, count, count_derived,
    share_pct (count / respondents), printed_pct, ci_low, ci_high, reference_type,
    reference_value, judgement, suppressed. A suppressed row (fewer than ``MIN_CELL``
    respondents in the cell or its complement) has no count, share or interval.
    """
    rows = []
    groups = surveys.groupby(["survey", "measure"], sort=False)
    for (survey, measure), group in groups:
        result = group.dropna(subset=["respondents", "share_pct"])
        if result.empty:
            continue
        base = result.iloc[0]
        n = int(base["respondents"])
        derived = pd.isna(base["count"])
        count = int(round(float(base["share_pct"]) * n / 100)) if derived else int(base["count"])
        suppressed = min(count, n - count) < MIN_CELL
        low, high = (math.nan, math.nan) if suppressed else wilson_interval(count, n)
        references = group.dropna(subset=["reference_value"])
        if references.empty:
            references = pd.DataFrame([{"reference_type": "", "reference_value": math.nan}])
        for _, ref in references.iterrows():
            kind, value = ref["reference_type"], ref["reference_value"]
            if suppressed:
                judgement = SUPPRESSED
            elif kind == TARGET_BELOW:
                judgement = judge_below(low, high, float(value))
            elif kind == TARGET_ABOVE:
                judgement = judge_above(low, high, float(value))
            elif str(kind).startswith(BASELINE_PREFIX):
                judgement = judge_change(low, high, float(value))
            else:
                judgement = ""
            rows.append(
                {
                    "survey": survey,
                    "measure": measure,
                    "respondents": n,
                    "count": math.nan if suppressed else count,
                    "count_derived": bool(derived),
                    "share_pct": math.nan if suppressed else count / n * 100,
                    "printed_pct": math.nan if suppressed else float(base["share_pct"]),
                    "suppressed": suppressed,
                    "ci_low": low,
                    "ci_high": high,
                    "reference_type": kind,
                    "reference_value": float(value) if not pd.isna(value) else math.nan,
                    "judgement": judgement,
                }
            )
    return pd.DataFrame(rows)
