"""Indicators computed from the processed tables."""

from __future__ import annotations

import pandas as pd

from helpers.goals import latest_status, risk_matrix
from helpers.income_statement import (
    ACTUAL_YTD,
    BUDGET,
    PRIOR_YEAR,
    PRIOR_YTD,
    realisation_percent,
    remaining,
)
from helpers.projects import project_table, totals_by
from helpers.surveys import survey_shares

# A line whose realisation runs this many percentage points ahead of the year's pace is flagged.
PACE_THRESHOLD_POINTS = 5.0


def year_elapsed_percent(months: int) -> float:
    """Share of the budget year elapsed at the period end: 6 months → 50 %."""
    return months / 12 * 100.0


def budget_realisation(
    statement: pd.DataFrame, threshold_points: float = PACE_THRESHOLD_POINTS
) -> pd.DataFrame:
    """Realisation of every unit × line against the budget and the pace of the year.

    Columns: unit, line, budget, actual, remaining (TA − TOT), realisation_pct (TOT-%),
    prior_actual (same date last year), change_eur and change_pct against it,
    elapsed_pct, pace_deviation_points (TOT-% − elapsed %), ahead_of_pace (bool).
    """
    wide = statement.pivot_table(
        index=["unit", "line"], columns="measure", values="amount", sort=False
    )
    months = int(statement.loc[statement["measure"] == ACTUAL_YTD, "months"].iloc[0])
    out = pd.DataFrame(index=wide.index)
    out["budget"] = wide[BUDGET]
    out["actual"] = wide[ACTUAL_YTD]
    out["prior_year"] = wide[PRIOR_YEAR]
    out["remaining"] = remaining(wide[BUDGET], wide[ACTUAL_YTD])
    out["realisation_pct"] = realisation_percent(wide[ACTUAL_YTD], wide[BUDGET])
    out["prior_actual"] = wide[PRIOR_YTD]
    out["change_eur"] = wide[ACTUAL_YTD] - wide[PRIOR_YTD]
    # Relative to last year's amount in its own sign: costs growing from -100 to -110 is +10 %.
    out["change_pct"] = realisation_percent(wide[ACTUAL_YTD], wide[PRIOR_YTD]) - 100.0
    out["elapsed_pct"] = year_elapsed_percent(months)
    out["pace_deviation_points"] = out["realisation_pct"] - out["elapsed_pct"]
    out["ahead_of_pace"] = out["pace_deviation_points"] > threshold_points
    return out.reset_index()


# --- Per-capita costs ----------------------------------------------------------------------

NET_COST_LINE = "Toimintakate"  # the council binds the net amount; €/asukas is computed from it


def latest_population(population: pd.DataFrame) -> tuple[int, pd.Timestamp]:
    """The latest population known at the period end, and its date (the as-of rule of the
    clean stage has already left out counts dated after the period end)."""
    if population.empty:
        raise ValueError("no population known at the period end")
    row = population.sort_values("date").iloc[-1]
    return int(row["population"]), row["date"]


def statement_net_costs(statement: pd.DataFrame) -> pd.DataFrame:
    """Net cost (−toimintakate, positive = cost) of every unit for TP and TA.

    Columns: unit, basis (``TP yyyy`` or ``TA yyyy``), net_cost.
    """
    net = statement[
        (statement["line"] == NET_COST_LINE) & statement["measure"].isin([PRIOR_YEAR, BUDGET])
    ]
    prefix = net["measure"].map({PRIOR_YEAR: "TP", BUDGET: "TA"})
    return pd.DataFrame(
        {
            "unit": net["unit"].to_numpy(),
            "basis": (prefix + " " + net["year"].astype(str)).to_numpy(),
            "net_cost": (-net["amount"]).to_numpy(),
        }
    )


def forecast_net_costs(forecast: pd.DataFrame, year: int) -> pd.DataFrame:
    """Net cost of every unit by the year-end forecast (basis ``Ennuste yyyy``)."""
    net = forecast[forecast["line"] == NET_COST_LINE]
    return pd.DataFrame(
        {
            "unit": net["unit"].to_numpy(),
            "basis": f"Ennuste {year}",
            "net_cost": (-net["forecast"]).to_numpy(),
        }
    )


def per_capita_costs(net_costs: pd.DataFrame, population: int) -> pd.DataFrame:
    """€/asukas: net cost ÷ population; adds columns population and eur_per_resident."""
    out = net_costs.copy()
    out["population"] = population
    out["eur_per_resident"] = out["net_cost"] / population
    return out


def key_figure_reconciliation(
    per_capita: pd.DataFrame, key_figures: pd.DataFrame, config, tolerance: float = 1.0
) -> pd.DataFrame:
    """Published €/asukas key figures against the ones recomputed from the statement.

    Published figures mapped to the same unit (``key_figure_units`` in entity.yml) are added
    up. A published target (Tavoite) is compared with TA, a forecast (Ennuste) or actual
    (Toteutuma) with TP of the same year. Columns: unit, year, published_as, figures,
    published, basis, recomputed, difference, explanation.
    """
    published = key_figures[
        (key_figures["unit_of_measure"] == "€/asukas")
        & key_figures["figure"].isin(list(config.key_figure_units))
    ].copy()
    published["unit"] = published["figure"].map(
        lambda f: config.unit_by_code(config.key_figure_units[f]).label
    )
    rows = []
    for (unit, year, value_type), group in published.groupby(
        ["unit", "year", "value_type"], sort=False
    ):
        basis = f"TA {year}" if value_type == "Tavoite" else f"TP {year}"
        match = per_capita[(per_capita["unit"] == unit) & (per_capita["basis"] == basis)]
        if match.empty:
            continue
        recomputed = float(match["eur_per_resident"].iloc[0])
        value = float(group["value"].sum())
        difference = value - recomputed
        notes = []
        if len(group) > 1:
            notes.append("julkaistu luku on osien summa: " + ", ".join(group["figure"]))
        if value_type != "Tavoite" and value_type != "Toteutuma":
            notes.append(f"julkaistu luku on {value_type.lower()}, laskettu tilinpäätöksestä")
        if abs(difference) <= tolerance:
            notes.append("ero pyöristystä")
        elif not notes:
            notes.append("ero ei selity pyöristyksellä")
        rows.append(
            {
                "unit": unit,
                "year": int(year),
                "published_as": value_type,
                "figures": ", ".join(group["figure"]),
                "published": value,
                "basis": basis,
                "recomputed": recomputed,
                "difference": difference,
                "explanation": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows)


# --- HYTE coefficient ----------------------------------------------------------------------

HYTE_METRIC = "HYTE-kerroin"


def hyte_coefficient(
    other_metrics: pd.DataFrame,
    key_figures: pd.DataFrame,
    national: pd.DataFrame,
    population: int,
    year: int,
) -> pd.DataFrame:
    """The HYTE coefficient of ``year`` (€/asukas, as reported) in euros and against the
    target, the previous year and the national average; euro effects at ``population``.

    One row per comparison: comparison, reference (€/asukas), value (€/asukas),
    difference (€/asukas), euro_effect (difference × population), plus value_eur.
    """
    reported = other_metrics[other_metrics["metric"].str.startswith(HYTE_METRIC)]
    reported = reported[reported["metric"].str.contains(str(year))]
    if reported.empty:
        return pd.DataFrame()
    value = float(reported.sort_values("date")["value"].iloc[-1])
    hyte = key_figures[key_figures["figure"] == HYTE_METRIC].set_index(["year", "value_type"])
    references = []
    if (year, "Tavoite") in hyte.index:
        references.append((f"tavoite {year}", float(hyte.loc[(year, "Tavoite"), "value"])))
    for value_type in ("Toteutuma", "Ennuste"):
        if (year - 1, value_type) in hyte.index:
            label = f"{value_type.lower()} {year - 1}"
            references.append((label, float(hyte.loc[(year - 1, value_type), "value"])))
            break
    nat = national[national["metric"] == HYTE_METRIC].sort_values("year")
    if not nat.empty:
        latest = nat.iloc[-1]
        references.append((f"kuntien keskiarvo {latest['year']}", float(latest["value"])))
    rows = [
        {
            "comparison": label,
            "reference": ref,
            "value": value,
            "difference": value - ref,
            "euro_effect": (value - ref) * population,
        }
        for label, ref in references
    ]
    out = pd.DataFrame(rows)
    out["value_eur"] = value * population
    out["population"] = population
    return out


# --- Early-education occupancy -------------------------------------------------------------


def occupancy_summary(occupancy: pd.DataFrame) -> dict[str, float]:
    """Period average (mean of the monthly rates), minimum and maximum month."""
    rates = occupancy["occupancy_pct"].astype(float)
    return {
        "average_pct": float(rates.mean()),
        "min_pct": float(rates.min()),
        "max_pct": float(rates.max()),
        "months": int(len(rates)),
    }


# --- All indicators of a period --------------------------------------------------------------


def indicator_tables(tables: dict[str, pd.DataFrame], config, year: int) -> dict[str, pd.DataFrame]:
    """Every indicator table the period's processed data allows (missing inputs → left out)."""
    out: dict[str, pd.DataFrame] = {}
    statement = tables.get("income_statement")
    population = tables.get("population")
    has_population = population is not None and not population.empty
    if statement is not None and not statement.empty:
        out["budget_realisation"] = budget_realisation(statement)
        if has_population:
            residents, _ = latest_population(population)
            out["per_capita"] = per_capita_costs(statement_net_costs(statement), residents)
            if "key_figures" in tables:
                out["key_figure_reconciliation"] = key_figure_reconciliation(
                    out["per_capita"], tables["key_figures"], config
                )
    if has_population and {"other_metrics", "key_figures"} <= set(tables):
        residents, _ = latest_population(population)
        out["hyte"] = hyte_coefficient(
            tables["other_metrics"],
            tables["key_figures"],
            tables.get("national_references", pd.DataFrame(columns=["metric", "year", "value"])),
            residents,
            year,
        )
    if "surveys" in tables:
        out["survey_shares"] = survey_shares(tables["surveys"])
    if {"goals", "goal_realisations"} <= set(tables):
        out["goal_statuses"] = latest_status(tables["goals"], tables["goal_realisations"])
    if "risks" in tables:
        matrix = risk_matrix(tables["risks"])
        out["risk_matrix"] = matrix.stack().rename("risks").reset_index().astype("int64")
    if "occupancy" in tables and not tables["occupancy"].empty:
        out["occupancy_summary"] = pd.DataFrame([occupancy_summary(tables["occupancy"])])
    if "projects" in tables:
        details = project_table(tables["projects"], year)
        out["project_details"] = details
        out["project_totals_by_funder"] = totals_by(details, "funder").reset_index()
        out["project_totals_by_goal"] = totals_by(details, "strategic_goal").reset_index()
    return {name: frame for name, frame in out.items() if not frame.empty}
