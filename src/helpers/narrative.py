"""Finnish sentences computed from the numbers: realisation, forecast and notable lines.

Amounts follow the export's sign convention (income positive, costs negative), so every
sentence first decides whether a line is income or cost and words the deviation accordingly.
"""

from __future__ import annotations

import pandas as pd

from helpers.finnish import format_number

# A forecast deviation smaller than this share of the budget is "in line with the budget".
IN_LINE_SHARE = 0.005
MAX_NOTABLE_LINES = 3


def _eur(value: float) -> str:
    return f"{format_number(abs(value))} €"


def _pct(value: float, decimals: int = 1) -> str:
    return f"{format_number(abs(value), decimals)} %"


def pace_sentence(realisation: pd.Series) -> str:
    """How much of the net budget has been realised against the share of the year elapsed,
    and whether the difference is favourable: more net cost than the time elapsed (a negative
    budget realised ahead of time) is unfavourable, more net income favourable."""
    used, elapsed = realisation["realisation_pct"], realisation["elapsed_pct"]
    difference = used - elapsed
    opening = (
        f"Toimintakatteen talousarviosta on toteutunut {format_number(used, 2)} %, kun "
        f"vuodesta on kulunut {format_number(elapsed, 0)} %"
    )
    if abs(difference) < 0.5:
        return f"{opening}: toteuma vastaa kulunutta aikaa."
    size = "suurempi" if difference > 0 else "pienempi"
    favourable = difference * float(realisation["budget"]) > 0
    label = "suotuisa" if favourable else "epäsuotuisa"
    return (
        f"{opening}: toteuma on kuluneeseen aikaan nähden "
        f"{format_number(abs(difference), 1)} %-yksikköä {size} ({label})."
    )


def deviation_phrase(budget: float, deviation: float) -> str:
    """``tulot ylittävät talousarvion 12 000 €`` / ``menot alittavat talousarvion 12 000 €``:
    income or costs by the sign of the budget, each verb saying which way from the budget."""
    income = budget > 0
    if abs(deviation) <= abs(budget) * IN_LINE_SHARE:
        return "toteutuvat talousarvion mukaisesti"
    share = f" ({_pct(deviation / budget * 100)})" if budget else ""
    if income:
        verb = "ylittävät" if deviation > 0 else "alittavat"
        return f"tulot {verb} talousarvion {_eur(deviation)}{share}"
    verb = "alittavat" if deviation > 0 else "ylittävät"
    return f"menot {verb} talousarvion {_eur(deviation)}{share}"


def forecast_sentence(forecast: pd.Series, adjustment: float = 0.0) -> str:
    """The year-end net cost against the budget, including known adjustments."""
    deviation = forecast["deviation_eur"]
    if abs(deviation) <= abs(forecast["budget"]) * IN_LINE_SHARE:
        outcome = "toteutuu talousarvion mukaisesti"
    elif deviation > 0:  # net cost (negative amounts) smaller than budgeted
        outcome = (
            f"jää {_eur(deviation)} ({_pct(deviation / forecast['budget'] * 100)}) "
            "talousarviota pienemmäksi"
        )
    else:
        outcome = (
            f"ylittää talousarvion {_eur(deviation)} ({_pct(deviation / forecast['budget'] * 100)})"
        )
    sentence = (
        f"Ennusteen mukaan nettokustannus on vuoden lopussa {_eur(forecast['forecast'])} ja "
        f"{outcome}."
    )
    if adjustment:
        sentence += (
            f" Ennusteeseen sisältyy tiedossa olevia erillisiä eriä yhteensä {_eur(adjustment)}."
        )
    return sentence


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
        f"{row['line']}: {deviation_phrase(row['budget'], row['deviation_eur'])}"
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
