"""Unit costs (€/oppilas, €/lapsi, €/opiskelija, €/opetustunti) and the data they rest on.

Three tables, each one a reader can check by hand:

1. ``unit_cost_volumes``: the service volume behind every unit-cost figure of entity.yml
   ``unit_cost_figures`` and year. A count given in palvelumaarat.csv is used as given; where none
   is given it is derived from the published pair, volume = €/asukas × asukasluku ÷ €/oppilas,
   with the range the rounding of the two printed figures allows.
2. ``function_costs``: each function's (tehtävä's) part of its unit's net cost: as given in
   tehtavien_nettokustannukset.csv, or else split in proportion to the functions' published
   €/asukas of the same year. The rule travels with every number in ``split_rule``.
3. ``unit_costs``: net cost ÷ volume for TP, TA and the forecast, reconciled with the
   published figure of the same year: published, computed, difference, explanation.

Function names, volumes and units of measure all come from entity.yml and the data.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.catalog import FUNCTION_NET_COSTS, SERVICE_VOLUMES, UNIT_COST_VOLUMES, UNIT_COSTS
from helpers.config import EntityConfig
from helpers.errors import InputDataError
from helpers.finnish import format_date, format_number

PER_RESIDENT = "€/asukas"
PUBLISHED = "julkaistu"
DERIVED = "johdettu julkaistuista tunnusluvuista"
GIVEN_RULE = f"tehtäväkohtainen toimintakate ({FUNCTION_NET_COSTS.raw_file_stem})"
WHOLE_UNIT_RULE = "palvelualueen koko toimintakate (palvelualueella yksi tehtävä)"


def printed_decimals(value: float) -> int:
    """Decimals a printed figure was given with: 441 → 0, 11 355,17 → 2, 20,6 → 1."""
    return len(format(float(value), ".6f").rstrip("0").partition(".")[2])


def half_unit(value: float) -> float:
    """Half of the figure's last printed digit: how far rounding may have moved it."""
    return 0.5 * 10.0 ** -printed_decimals(value)


def as_printed(value: float) -> str:
    """A published figure in Finnish format with its printed decimals: ``11 355,17``."""
    return format_number(float(value), printed_decimals(value))


def population_for(population: pd.DataFrame, year: int) -> tuple[int, pd.Timestamp] | None:
    """The population at the end of ``year``, or the latest known if that year has no count
    yet; ``None`` when every known count is from a later year (it would not fit)."""
    if population.empty:
        return None
    known = population.sort_values("date")
    same = known[known["date"].dt.year == year]
    row = same.iloc[-1] if not same.empty else known.iloc[-1]
    if row["date"].year > year:
        return None
    return int(row["population"]), row["date"]


def _figure(key_figures: pd.DataFrame, figure: str, unit: str, year: int) -> pd.Series | None:
    rows = key_figures[
        (key_figures["figure"] == figure)
        & (key_figures["unit_of_measure"] == unit)
        & (key_figures["year"] == year)
    ]
    return None if rows.empty else rows.iloc[0]


# --- 1. Service volumes --------------------------------------------------------------------


def derive_volume(per_resident: float, population: int, per_unit: float) -> tuple[float, ...]:
    """Volume = €/asukas × population ÷ €/unit, and its low and high ends when both published
    figures may be off by half of their last printed digit."""
    volume = per_resident * population / per_unit
    low = (per_resident - half_unit(per_resident)) * population / (per_unit + half_unit(per_unit))
    high = (per_resident + half_unit(per_resident)) * population / (per_unit - half_unit(per_unit))
    return volume, low, high


def unit_cost_volumes(
    volumes: pd.DataFrame,
    key_figures: pd.DataFrame,
    population: pd.DataFrame,
    config: EntityConfig,
) -> pd.DataFrame:
    """The service volume of every unit-cost figure and year: given, or derived.

    Columns: function, volume_name, unit_of_measure, year, volume, volume_low, volume_high,
    status (``julkaistu`` or ``johdettu julkaistuista tunnusluvuista``), derivation (the
    source, or the arithmetic with its figures), per_resident, per_unit, population,
    population_date, statistical_date, definition, source. A year without a count and
    without the published pair (or a population that fits it) has no row.
    """
    rows = []
    for function, measures in config.unit_cost_figures.items():
        for measure, name in measures.items():
            given = _given_volumes(volumes, function, name)
            figures = key_figures[
                (key_figures["figure"] == function) & (key_figures["unit_of_measure"] == measure)
            ]
            for year in sorted(set(given) | set(figures["year"].astype(int))):
                meta = given.get(year, {})
                row = _volume_row(function, name, measure, year, meta, key_figures, population)
                if row is not None:
                    rows.append(row)
    return pd.DataFrame(rows, columns=_VOLUME_COLUMNS)


_VOLUME_COLUMNS = [c.name for c in UNIT_COST_VOLUMES.columns]


def _given_volumes(volumes: pd.DataFrame, function: str, name: str) -> dict[int, dict]:
    if volumes.empty:
        return {}
    rows = volumes[(volumes["function"] == function) & (volumes["volume_name"] == name)]
    return {int(r["year"]): r.to_dict() for _, r in rows.iterrows()}


def _volume_row(function, name, measure, year, meta, key_figures, population) -> dict | None:
    base = {
        "function": function,
        "volume_name": name,
        "unit_of_measure": measure,
        "year": int(year),
        "statistical_date": meta.get("statistical_date", pd.NaT),
        "definition": _text(meta.get("definition")),
        "source": _text(meta.get("source")),
    }
    count = meta.get("volume")
    if count is not None and not pd.isna(count):
        date = meta.get("statistical_date")
        when = "" if date is None or pd.isna(date) else f", {format_date(date)}"
        return base | {
            "volume": float(count),
            "volume_low": float(count),
            "volume_high": float(count),
            "status": PUBLISHED,
            "derivation": f"{base['source']}{when}",
            "per_resident": math.nan,
            "per_unit": math.nan,
            "population": math.nan,
            "population_date": pd.NaT,
        }
    per_unit = _figure(key_figures, function, measure, year)
    per_resident = _figure(key_figures, function, PER_RESIDENT, year)
    residents = population_for(population, year)
    if per_unit is None or per_resident is None or residents is None:
        return None
    people, date = residents
    volume, low, high = derive_volume(per_resident["value"], people, per_unit["value"])
    how = (
        f"{DERIVED}: {as_printed(per_resident['value'])} {PER_RESIDENT} × "
        f"{format_number(people)} asukasta ÷ {as_printed(per_unit['value'])} {measure} "
        f"({per_unit['value_type'].lower()} {year})"
    )
    return base | {
        "volume": volume,
        "volume_low": low,
        "volume_high": high,
        "status": DERIVED,
        "derivation": how,
        "per_resident": float(per_resident["value"]),
        "per_unit": float(per_unit["value"]),
        "population": float(people),
        "population_date": date,
    }


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# --- 2. Net cost per function --------------------------------------------------------------


def basis_year(basis: str) -> tuple[str, int]:
    """``TA 2024`` → (``TA``, 2024)."""
    kind, _, year = basis.rpartition(" ")
    return kind, int(year)


def function_costs(
    net_costs: pd.DataFrame,
    key_figures: pd.DataFrame,
    config: EntityConfig,
    given: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each function's part of its unit's net cost for every basis of ``net_costs``.

    ``net_costs``: unit, basis (``TP yyyy``, ``TA yyyy``, ``Ennuste yyyy``), net_cost.
    ``given``: the optional function_net_costs table (toimintakate, net cost negative).
    Columns: unit, function, basis, year, unit_net_cost, share, net_cost, split_rule.
    A unit whose functions cannot all be costed for a basis is left out for it.
    """
    rows = []
    for _, unit_row in net_costs.iterrows():
        unit = config.unit_by_label(unit_row["unit"])
        functions = config.functions_of(unit.code) if unit is not None else ()
        if not functions:
            continue
        kind, year = basis_year(unit_row["basis"])
        total = float(unit_row["net_cost"])
        split = _split(functions, kind, year, total, key_figures, given)
        if split is None:
            continue
        amounts, rule = split
        for function, amount in amounts.items():
            rows.append(
                {
                    "unit": unit_row["unit"],
                    "function": function,
                    "basis": unit_row["basis"],
                    "year": year,
                    "unit_net_cost": total,
                    "share": amount / total if total else math.nan,
                    "net_cost": amount,
                    "split_rule": rule,
                }
            )
    columns = ["unit", "function", "basis", "year", "unit_net_cost", "share", "net_cost"]
    return pd.DataFrame(rows, columns=[*columns, "split_rule"])


def _split(functions, kind, year, total, key_figures, given):
    """({function: net cost}, rule) for one unit and basis, or None when it cannot be split."""
    if given is not None and not given.empty and set(functions) <= set(given["function"]):
        parts = given.set_index("function").loc[list(functions)]
        if kind in ("TP", "TA"):
            amounts = -parts["prior_year" if kind == "TP" else "budget"].astype(float)
            rule = GIVEN_RULE
            gap = total - float(amounts.sum())
            if abs(gap) > 0.5:
                rule += f"; palvelualueen toimintakatteesta jää tehtäville jakamatta {_eur(gap)}"
            return dict(amounts), rule
        weights = -parts["budget"].astype(float)
        rule = "ennuste jaettu tehtävien talousarvio-osuuksien suhteessa"
        return _proportional(weights, total), rule
    if len(functions) == 1:
        return {functions[0]: total}, WHOLE_UNIT_RULE
    figures = [_figure(key_figures, f, PER_RESIDENT, year) for f in functions]
    if any(f is None for f in figures):
        return None
    weights = pd.Series([float(f["value"]) for f in figures], index=list(functions))
    listing = ", ".join(f"{f} {as_printed(w)}" for f, w in weights.items())
    value_type = figures[0]["value_type"].lower()
    rule = (
        f"jaettu tehtävien julkaistujen {PER_RESIDENT}-lukujen suhteessa "
        f"({value_type} {year}: {listing})"
    )
    return _proportional(weights, total), rule


def _proportional(weights: pd.Series, total: float) -> dict[str, float]:
    return {f: total * w / weights.sum() for f, w in weights.items()}


def _eur(value: float) -> str:
    return f"{format_number(value)} €"


# --- 3. Unit costs, reconciled with the published figures ----------------------------------


def unit_costs(
    costs: pd.DataFrame, volumes: pd.DataFrame, key_figures: pd.DataFrame, config: EntityConfig
) -> pd.DataFrame:
    """Net cost ÷ volume of every unit-cost figure and basis, against the published figure.

    ``costs`` is a ``function_costs`` table, ``volumes`` a ``unit_cost_volumes`` table. A
    published target (Tavoite) stands beside TA and the forecast, an actual or a forecast
    (Toteutuma, Ennuste) beside TP of the same year. Columns: function, unit, basis, year,
    unit_of_measure, volume_name, net_cost, split_share, split_rule, volume, volume_status,
    computed, computed_low, computed_high (the range the volume's rounding allows),
    published, published_as, difference (published − computed), explanation.
    """
    rows = []
    for _, cost in costs.iterrows():
        for measure, name in config.unit_cost_figures.get(cost["function"], {}).items():
            match = volumes[
                (volumes["function"] == cost["function"])
                & (volumes["volume_name"] == name)
                & (volumes["year"] == cost["year"])
            ]
            if match.empty:
                continue
            volume = match.iloc[0]
            published = _figure(key_figures, cost["function"], measure, int(cost["year"]))
            rows.append(_unit_cost_row(cost, measure, volume, published))
    return pd.DataFrame(rows, columns=_UNIT_COST_COLUMNS)


_UNIT_COST_COLUMNS = [c.name for c in UNIT_COSTS.columns]


def _unit_cost_row(cost, measure, volume, published) -> dict:
    net = float(cost["net_cost"])
    computed = net / volume["volume"]
    ends = sorted((net / volume["volume_low"], net / volume["volume_high"]))
    value = math.nan if published is None else float(published["value"])
    value_type = "" if published is None else str(published["value_type"])
    row = {
        "function": cost["function"],
        "unit": cost["unit"],
        "basis": cost["basis"],
        "year": int(cost["year"]),
        "unit_of_measure": measure,
        "volume_name": volume["volume_name"],
        "net_cost": net,
        "split_share": float(cost["share"]),
        "split_rule": cost["split_rule"],
        "volume": float(volume["volume"]),
        "volume_status": volume["status"],
        "computed": computed,
        "computed_low": ends[0],
        "computed_high": ends[1],
        "published": value,
        "published_as": value_type,
        "difference": value - computed,
    }
    row["explanation"] = explain_unit_cost(row, volume)
    return row


def explain_unit_cost(row: dict, volume: pd.Series) -> str:
    """Why the computed unit cost differs from the published one, in Finnish."""
    if math.isnan(row["published"]):
        return "julkaistua vertailulukua ei ole"
    kind, _ = basis_year(row["basis"])
    notes = []
    if kind == "TP" and row["published_as"] != "Toteutuma":
        notes.append(f"julkaistu luku on {row['published_as'].lower()}, laskettu tilinpäätöksestä")
    if kind == "Ennuste":
        notes.append(f"ennustetta verrataan julkaistuun lukuun ({row['published_as'].lower()})")
    if row["split_rule"] not in (GIVEN_RULE, WHOLE_UNIT_RULE):
        notes.append(
            "tehtävän kustannus on jaettu palvelualueen toimintakatteesta (ks. jakoperuste)"
        )
    if row["volume_status"] == DERIVED:
        notes.append(
            f"{row['volume_name']} on {DERIVED}, joten ero toistaa {PER_RESIDENT}-täsmäytyksen "
            "eron eikä ole riippumaton tarkistus: tarkista määrä lähteestä "
            f"({volume['source'] or 'lähde ei tiedossa'})"
        )
    margin = half_unit(row["published"])
    if row["computed_low"] - margin <= row["published"] <= row["computed_high"] + margin:
        notes.append("ero pyöristystä")
    else:
        notes.append("ero ei selity pyöristyksellä")
    return "; ".join(notes)


def check_unit_cost_inputs(tables, config: EntityConfig) -> None:
    """Every function of service_volumes and function_net_costs is one of entity.yml's
    (``key_figure_units``), and every volume one its ``unit_cost_figures`` names: a typo must stop
    the run with the file, row and column, not read as "ei tietoa"."""
    functions = set(config.key_figure_units)
    volume_names = {(f, v) for f, m in config.unit_cost_figures.items() for v in m.values()}
    for dataset, column in ((SERVICE_VOLUMES, "Suorite"), (FUNCTION_NET_COSTS, None)):
        frame = tables.get(dataset.name)
        if frame is None or frame.empty:
            continue
        for _, row in frame.iterrows():
            if row["function"] not in functions:
                _reject(row, f"unknown function '{row['function']}'", "Tehtävä", functions)
            if column and (row["function"], row["volume_name"]) not in volume_names:
                known = {v for f, v in volume_names if f == row["function"]}
                _reject(row, f"unknown service volume '{row['volume_name']}'", column, known)


def _reject(row: pd.Series, reason: str, column: str, known: set[str]) -> None:
    listing = ", ".join(sorted(known)) or "none"
    raise InputDataError(
        f"{reason} (entity.yml declares: {listing})",
        file=row["source_file"],
        row=int(row["source_row"]),
        column=column,
    )


def forecast_unit_costs(
    net_costs: pd.DataFrame,
    volumes: pd.DataFrame,
    key_figures: pd.DataFrame,
    config: EntityConfig,
    given: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Unit costs of the year-end forecast: ``net_costs`` from ``forecast_net_costs`` (basis
    ``Ennuste yyyy``), split among the functions by the same rule as the budget, against the
    published target of the year."""
    costs = function_costs(net_costs, key_figures, config, given)
    return unit_costs(costs, volumes, key_figures, config)
