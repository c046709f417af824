"""Finnish sentences computed from the numbers: realisation, forecast and notable lines.

Amounts are in the suite's sign convention (income positive, costs negative), so every
sentence first decides whether a line is income or cost and words the deviation accordingly,
and names it suotuisa (favourable) or epäsuotuisa (unfavourable): more income or less cost is
favourable, whichever way "yli" or "alle" points.
"""

from __future__ import annotations

import pandas as pd

from helpers.finnish import format_number
from helpers.forecast.direction import favourability

# A forecast deviation smaller than this share of the budget is "in line with the budget".
IN_LINE_SHARE = 0.005
# Realisation within half a percentage point of the share of the year elapsed is in step.
PACE_IN_STEP_POINTS = 0.5
IN_STEP = "vastaa kulunutta aikaa"
MAX_NOTABLE_LINES = 3


def _eur(value: float) -> str:
    return f"{format_number(abs(value))} €"


def _pct(value: float, decimals: int = 1) -> str:
    return f"{format_number(abs(value), decimals)} %"


def pace_label(points: float, budget: float) -> str:
    """The direction of a net margin's pace (``points`` = realisation % − elapsed %): ahead
    of time on a net cost (negative budget) is epäsuotuisa, on a net income suotuisa; within
    ``PACE_IN_STEP_POINTS`` it is in step. ``""`` when there is nothing to compare."""
    if pd.isna(points) or pd.isna(budget) or not budget:
        return ""
    if abs(points) < PACE_IN_STEP_POINTS:
        return IN_STEP
    return "suotuisa" if points * budget > 0 else "epäsuotuisa"


def pace_sentence(realisation: pd.Series) -> str:
    """How much of the net budget has been realised against the share of the year elapsed,
    and whether the difference is favourable: more net cost than the time elapsed (a negative
    budget realised ahead of time) is unfavourable, more net income favourable. Without a
    budget (not printed: ei tietoa) or with a zero budget there is no percentage to compare."""
    used, elapsed = realisation["realisation_pct"], realisation["elapsed_pct"]
    if pd.isna(used):
        budget = realisation.get("budget")  # pd.isna(None): no budget column
        why = (
            "talousarviota ei ole lähdeaineistossa (ei tietoa)"
            if pd.isna(budget)
            else "talousarvio on 0 €"
        )
        return (
            f"Toimintakatteen toteumaa ({format_number(realisation['actual'])} €) ei voi "
            f"verrata talousarvioon, koska {why}; vuodesta on kulunut "
            f"{format_number(elapsed)} %."
        )
    difference = used - elapsed
    opening = (
        f"Toimintakatteen talousarviosta on toteutunut {format_number(used, 2)} %, kun "
        f"vuodesta on kulunut {format_number(elapsed)} %"
    )
    label = pace_label(difference, float(realisation["budget"]))
    if label == IN_STEP:
        return f"{opening}: toteuma {IN_STEP}."
    size = "suurempi" if difference > 0 else "pienempi"
    return (
        f"{opening}: toteuma on kuluneeseen aikaan nähden "
        f"{format_number(abs(difference), 1)} %-yksikköä {size} ({label})."
    )


def _amount_and_share(deviation: float, budget: float, label: str) -> str:
    """``12 000 € (10,0 %, suotuisa)``; no percentage of a zero budget."""
    share = f"{_pct(deviation / budget * 100)}, " if budget else ""
    return f"{_eur(deviation)} ({share}{label})"


def deviation_phrase(budget: float, deviation: float, forecast: float | None = None) -> str:
    """A line's forecast deviation in words that cannot be misread, e.g. ``tulot ylittävät
    talousarvion 12 000 € (10,0 %, suotuisa)`` or ``menot ylittävät talousarvion …
    (epäsuotuisa)``.

    Amounts are in the suite's convention (income positive, costs negative; the clean stage
    has checked the export's signs), so a line is income when its budget is positive, or,
    with a zero budget, when its ``forecast`` (by default budget + deviation) is;
    ``deviation`` = forecast − budget is favourable when positive for both (more income, less
    cost).
    """
    if abs(deviation) <= abs(budget) * IN_LINE_SHARE:
        return "toteutuvat talousarvion mukaisesti"
    if forecast is None or pd.isna(forecast):
        forecast = budget + deviation
    income = budget > 0 if budget else forecast > 0
    label = favourability(deviation)
    amount = _amount_and_share(deviation, budget, label)
    if income:
        if deviation > 0:
            return f"tulot ylittävät talousarvion {amount}"
        return f"tulot alittavat talousarvion {amount}"
    if deviation > 0:
        return f"menot alittavat talousarvion {amount}"
    return f"menot ylittävät talousarvion {amount}"


def forecast_sentence(forecast: pd.Series, adjustment: float = 0.0) -> str:
    """The year-end net margin against the budget, including known adjustments: a net cost
    (negative, the usual case) or a net income (positive)."""
    deviation, budget = forecast["deviation_eur"], forecast["budget"]
    if pd.isna(budget):
        return (
            f"Ennusteen mukaan toimintakate on vuoden lopussa "
            f"{format_number(forecast['forecast'])} €; talousarviota ei ole lähdeaineistossa "
            "(ei tietoa), joten poikkeamaa talousarviosta ei lasketa."
        )
    amount = _amount_and_share(deviation, budget, favourability(deviation))
    if budget * forecast["forecast"] < 0:
        sentence = _side_change_sentence(budget, forecast["forecast"], amount)
    else:
        net_income = budget > 0 if budget else forecast["forecast"] > 0
        what = "nettotuotto" if net_income else "nettokustannus"
        if abs(deviation) <= abs(budget) * IN_LINE_SHARE:
            outcome = "toteutuu talousarvion mukaisesti"
        elif (deviation > 0) == net_income:  # more net income, or more net cost
            outcome = f"ylittää talousarvion {amount}"
        else:
            outcome = f"jää talousarviota pienemmäksi {amount}"
        sentence = (
            f"Ennusteen mukaan {what} on vuoden lopussa {_eur(forecast['forecast'])} ja {outcome}."
        )
    if adjustment:
        sentence += (
            f" Ennusteeseen sisältyy tiedossa olevia erillisiä eriä yhteensä {_eur(adjustment)}."
        )
    return sentence


def _side_change_sentence(budget: float, forecast: float, amount: str) -> str:
    """A budgeted net cost forecast to end as a net income, or the other way round: one word
    ("nettokustannus") cannot name both amounts, so each gets its own."""
    becomes = "nettotuotoksi" if forecast > 0 else "nettokustannukseksi"
    budgeted = "nettotuotto" if budget > 0 else "nettokustannus"
    return (
        f"Ennusteen mukaan toimintakate kääntyy vuoden lopussa {_eur(forecast)} {becomes}, "
        f"kun talousarviossa se on {_eur(budget)} {budgeted}; poikkeama talousarviosta on "
        f"{amount}."
    )


def notable_lines(lines: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most ``limit`` forecast lines whose whole range lies on one side of the budget,
    largest deviation first; subtotals (method ``summa``) are left out."""
    notable = lines[(lines["outside_budget"] != "") & (lines["method"] != "summa")]
    largest_first = notable["deviation_eur"].abs().sort_values(ascending=False).index
    return notable.reindex(largest_first).head(limit)


def notable_lines_sentence(lines: pd.DataFrame) -> str:
    """The lines whose whole forecast range lies on one side of the budget, largest first."""
    notable = notable_lines(lines, MAX_NOTABLE_LINES)
    if notable.empty:
        return "Yksittäisillä riveillä ei ole selvää poikkeamaa talousarviosta."
    phrases = [
        f"{row['line']}: "
        f"{deviation_phrase(row['budget'], row['deviation_eur'], row.get('forecast'))}"
        for _, row in notable.iterrows()
    ]
    return "Selvimmät poikkeamat ennusteessa – " + "; ".join(phrases) + "."


def unit_narrative(
    unit: str,
    realisation: pd.DataFrame,
    forecast: pd.DataFrame,
    adjustments: pd.DataFrame | None = None,
    *,
    net_line: str,
) -> list[str]:
    """The sentences for one unit, in reading order; ``net_line`` is the entity's net-margin
    line (``config.net_line``)."""
    sentences = []
    net = realisation[(realisation["unit"] == unit) & (realisation["line"] == net_line)]
    if not net.empty:
        sentences.append(pace_sentence(net.iloc[0]))
    if forecast is not None and not forecast.empty:
        own = forecast[forecast["unit"] == unit]
        net_forecast = own[own["line"] == net_line]
        if not net_forecast.empty:
            adjustment = 0.0
            if adjustments is not None and not adjustments.empty:
                adjustment = float(adjustments.loc[adjustments["unit"] == unit, "amount"].sum())
            sentences.append(forecast_sentence(net_forecast.iloc[0], adjustment))
        sentences.append(notable_lines_sentence(own))
    return sentences
