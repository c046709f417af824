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
    """How much of the net budget is used (or, for a net income, accrued) against the share of
    the year elapsed."""
    used, elapsed = realisation["realisation_pct"], realisation["elapsed_pct"]
    if pd.isna(used):  # no net budget: nothing to compare the pace with
        return (
            "Toimintakatteelle ei ole talousarviota, joten sen toteumaa ei verrata vuoden kulumaan."
        )
    difference = used - elapsed
    if abs(difference) < 0.5:
        relation = "eli toteuma on vuoden kulumisen tahdissa"
    elif difference > 0:
        relation = f"eli {format_number(difference, 1)} %-yksikköä vuoden kulumaa edellä"
    else:
        relation = f"eli {format_number(-difference, 1)} %-yksikköä vuoden kulumaa jäljessä"
    verb = "kertynyt" if realisation["budget"] > 0 else "käytetty"
    return (
        f"Toimintakatteesta on {verb} {format_number(used, 2)} % talousarviosta, kun vuodesta "
        f"on kulunut {format_number(elapsed, 0)} %, {relation}."
    )


def deviation_phrase(budget: float, deviation: float) -> str:
    """``tulot ylittyvät 12 000 €`` / ``menot ylittyvät 12 000 €`` by the sign of the budget
    (of the forecast, budget + deviation, where nothing was budgeted)."""
    income = budget > 0 or (budget == 0 and deviation > 0)
    if abs(deviation) <= abs(budget) * IN_LINE_SHARE:
        return "toteutuvat talousarvion mukaisesti"
    share = f" ({_pct(deviation / budget * 100)})" if budget else ""
    if income:
        verb = "ylittyvät" if deviation > 0 else "jäävät alle arvion"
        return f"tulot {verb} {_eur(deviation)}{share}"
    verb = "alittuvat" if deviation > 0 else "ylittyvät"
    return f"menot {verb} {_eur(deviation)}{share}"


def forecast_sentence(forecast: pd.Series, adjustment: float = 0.0) -> str:
    """The year-end net cost (or, where the budget is a net income, the net income) against
    the budget, including known adjustments."""
    deviation, budget = forecast["deviation_eur"], forecast["budget"]
    share = f" ({_pct(deviation / budget * 100)})" if budget else ""
    net_income = budget > 0 or (budget == 0 and forecast["forecast"] > 0)
    if abs(deviation) <= abs(budget) * IN_LINE_SHARE:
        outcome = "toteutuu talousarvion mukaisesti"
    elif (deviation > 0) != net_income:  # a smaller net cost, or a smaller net income
        outcome = f"jää {_eur(deviation)}{share} talousarviota pienemmäksi"
    else:
        outcome = f"ylittää talousarvion {_eur(deviation)}{share}"
    subject = "nettotuotto" if net_income else "nettokustannus"
    sentence = (
        f"Ennusteen mukaan {subject} on vuoden lopussa {_eur(forecast['forecast'])} ja {outcome}."
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
