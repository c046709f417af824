"""The HYTE coefficient: the state's wellbeing-promotion incentive, in euros and compared.

Since 2023 part of a municipality's basic-services state subsidy depends on its HYTE
coefficient, built from process and outcome indicators of its wellbeing and health promotion
(sources in kansalliset_vertailutiedot.csv). It is reported in €/asukas, so its worth in euros
is the coefficient × population; it is compared with the target, the previous year and the
municipalities' mean and range.
"""

from __future__ import annotations

import pandas as pd

from helpers.unit_costs import PER_RESIDENT

HYTE_METRIC = "HYTE-kerroin"


def hyte_coefficient(
    other_metrics: pd.DataFrame,
    key_figures: pd.DataFrame,
    national: pd.DataFrame,
    population: int,
    year: int,
) -> pd.DataFrame:
    """The HYTE coefficient of ``year`` (€/asukas, as reported) in euros and against the
    target, the previous year and the municipalities' mean and range; euro effects at
    ``population``. Only figures in €/asukas are compared: one printed in another unit is
    not the same series (the audit flags it).

    One row per comparison: comparison, reference (€/asukas), value (€/asukas),
    difference (€/asukas), euro_effect (difference × population), source (where the
    reference comes from), plus value_eur (value × population) and population.
    """
    reported = other_metrics[other_metrics["metric"].str.startswith(HYTE_METRIC)]
    reported = reported[reported["metric"].str.contains(str(year))]
    if reported.empty:
        return pd.DataFrame()
    value = float(reported.sort_values("date")["value"].iloc[-1])
    hyte = key_figures[
        (key_figures["figure"] == HYTE_METRIC) & (key_figures["unit_of_measure"] == PER_RESIDENT)
    ].set_index(["year", "value_type"])
    references = []
    if (year, "Tavoite") in hyte.index:
        ref = float(hyte.loc[(year, "Tavoite"), "value"])
        references.append((f"tavoite {year}", ref, f"tunnusluvut, tavoite {year}"))
    for value_type in ("Toteutuma", "Ennuste"):
        if (year - 1, value_type) in hyte.index:
            label = f"{value_type.lower()} {year - 1}"
            ref = float(hyte.loc[(year - 1, value_type), "value"])
            references.append((label, ref, f"tunnusluvut, {label}"))
            break
    references += _national_hyte(national, year)
    rows = [
        {
            "comparison": label,
            "reference": ref,
            "value": value,
            "difference": value - ref,
            "euro_effect": (value - ref) * population,
            "source": source,
        }
        for label, ref, source in references
    ]
    out = pd.DataFrame(rows)
    out["value_eur"] = value * population
    out["population"] = population
    return out


def references_until(national: pd.DataFrame, year: int) -> pd.DataFrame:
    """The national reference figures a report of ``year`` may use: none from a later year
    (a 2017 report is not compared with, nor cites, the municipalities' mean of 2023)."""
    if "year" not in national:  # the stand-in for no references at all
        return national
    return national[national["year"] <= year]


def _national_hyte(national: pd.DataFrame, year: int) -> list[tuple[str, float, str]]:
    """The latest national mean of the coefficient up to ``year`` and its range, with their
    source."""
    nat = references_until(national, year)
    nat = nat[nat["metric"] == HYTE_METRIC]
    if nat.empty:
        return []
    latest = nat.sort_values("year").iloc[-1]
    year, source = int(latest["year"]), str(latest["source"])
    out = [(f"kuntien keskiarvo {year}", float(latest["value"]), source)]
    for column, label in (("low", "alaraja"), ("high", "yläraja")):
        if column in latest and not pd.isna(latest[column]):
            out.append((f"kuntien vaihteluvälin {label} {year}", float(latest[column]), source))
    return out
