"""Which method forecasts a line, chosen by the evidence the data give, with the reason.

In this order (the first that applies wins):

1. The year is complete (12 months): the actual is the year-end.
2. Nothing booked while the budget expects money: flagged ``ei kertymää``; the point is the
   budget (never a silent 0 €) and the interval runs from nothing to the budget or last
   year's total (see ``intervals``).
3. Monthly history of at least ``MIN_SEASONAL_YEARS`` complete prior years: a profile that is
   stable across those years (yearly shares at this month within ``MAX_SHARE_SPREAD`` of
   each other) keeps the seasonal method however lumpy the line is; an unstable one falls back
   to budget pace.
4. Only last year's profile (the statement's ``TOT`` of last year ÷ ``TP``): the profile is
   kept, also for lumpy lines, unless it would multiply the actual by more than
   ``MAX_PACE_RATIO`` times what straight-line pace would (1 ÷ elapsed), or by less than
   one (last year's actual to date exceeded its full year), or the share is missing, zero or
   of the wrong sign: then budget pace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.finnish import format_number
from helpers.forecast.methods import ACTUAL, BUDGET

MIN_SEASONAL_YEARS = 2
# Largest difference between the yearly cumulative shares at the cut-off month (as a
# fraction of the year) for a multi-year profile to count as stable. Checked by
# `make forecast-eval` (tools/forecast_eval.py) on the synthetic ledger.
MAX_SHARE_SPREAD = 0.15
# Last year's profile may multiply the actual by at most this many times the straight-line
# multiplier 1 ÷ elapsed (at 30.6.: by at most 4, i.e. last year's share at least 25 %).
MAX_PACE_RATIO = 2.0
# An actual closer to zero than this (euros) is "nothing booked".
NOTHING_BOOKED_EUR = 0.5
NO_ACCRUAL = "ei kertymää"


@dataclass(frozen=True)
class Evidence:
    """What is known of one line when its method is chosen."""

    actual: float
    budget: float
    elapsed: float
    share: float = np.nan  # last year's actual to date ÷ last year's total
    last_year: int | None = None  # the year ``share`` comes from, for the reason text
    seasonal_share: float = np.nan
    seasonal_years: int = 0
    share_min: float = np.nan
    share_max: float = np.nan


def _pct(share: float) -> str:
    return f"{format_number(share * 100)} %"


def _seasonal_choice(e: Evidence) -> tuple[str, str]:
    spread = e.share_max - e.share_min
    span = f"osuus {_pct(e.share_min)}–{_pct(e.share_max)}"
    if not e.seasonal_share > 0:
        return "budget_pace", (
            f"monivuotinen kertymä poikkeava ({span}): talousarvion mukainen loppuvuosi"
        )
    if spread <= MAX_SHARE_SPREAD:
        return "seasonal", f"kausiprofiili vakaa {e.seasonal_years} vuotena ({span})"
    return "budget_pace", (
        f"kausiprofiili vaihtelee {e.seasonal_years} vuoden aikana ({span}): "
        "talousarvion mukainen loppuvuosi"
    )


def _profile_choice(e: Evidence) -> tuple[str, str]:
    year = f" {e.last_year}" if e.last_year else ""
    if not np.isfinite(e.share):
        return "budget_pace", (
            f"ei edellisen vuoden{year} vertailutietoa: talousarvion mukainen loppuvuosi"
        )
    if e.share <= 0:
        return "budget_pace", (
            f"edellisen vuoden{year} kertymä poikkeava (nolla tai vastakkainen etumerkki): "
            "talousarvion mukainen loppuvuosi"
        )
    multiplier = 1 / e.share
    straight = 1 / e.elapsed
    if multiplier > MAX_PACE_RATIO * straight or multiplier < 1:
        return "budget_pace", (
            f"edellisen vuoden{year} profiili ({_pct(e.share)} kertynyt) kertoisi toteuman "
            f"{format_number(multiplier, 1)}-kertaiseksi (tasainen vauhti "
            f"{format_number(straight, 1)}-kertaiseksi): epäuskottava, "
            "talousarvion mukainen loppuvuosi"
        )
    return "profile", f"edellisen vuoden{year} kausiprofiili ({_pct(e.share)} kertynyt)"


def _without_budget(choice: tuple[str, str]) -> tuple[str, str]:
    """Budget pace needs a budget: a statement without TA (not printed, not derivable) falls
    back to straight-line pace, and the reason says so."""
    method, reason = choice
    if method != "budget_pace":
        return choice
    because = reason.split(":")[0]
    return "run_rate", f"{because}; ei talousarviota (ei tietoa): lineaarinen vauhti"


def choose_method(e: Evidence) -> tuple[str, str, str]:
    """``(method, reason, flag)`` for one line; the reason is Finnish and shown as is, the
    flag is ``ei kertymää`` or ``""``."""
    if e.elapsed >= 1:
        return ACTUAL, "vuosi päättynyt: koko vuoden toteuma", ""
    if abs(e.actual) < NOTHING_BOOKED_EUR and abs(e.budget) >= NOTHING_BOOKED_EUR:
        reason = (
            f"{NO_ACCRUAL}: talousarvio odottaa {format_number(e.budget)} €, kirjauksia ei "
            "vielä ole; ennusteena talousarvio, väli nollasta talousarvioon tai edellisen "
            "vuoden tasoon"
        )
        return BUDGET, reason, NO_ACCRUAL
    choice = _seasonal_choice(e) if e.seasonal_years >= MIN_SEASONAL_YEARS else _profile_choice(e)
    if not np.isfinite(e.budget):
        choice = _without_budget(choice)
    return (*choice, "")


def choose_methods(leaves: pd.DataFrame, elapsed: float, last_year: int | None) -> pd.DataFrame:
    """``choose_method`` for every row of ``leaves`` (columns actual, budget, share,
    seasonal_share, seasonal_years, share_min, share_max); columns method, reason, flag."""
    rows = []
    for row in leaves.itertuples():  # fields read by name: the Index field is unused
        evidence = Evidence(
            actual=float(row.actual),
            budget=float(row.budget),
            elapsed=elapsed,
            share=float(row.share),
            last_year=last_year,
            seasonal_share=float(row.seasonal_share),
            seasonal_years=int(row.seasonal_years),
            share_min=float(row.share_min),
            share_max=float(row.share_max),
        )
        rows.append(choose_method(evidence))
    return pd.DataFrame(rows, columns=["method", "reason", "flag"], index=leaves.index)
