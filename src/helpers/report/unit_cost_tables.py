"""Yksikkökustannukset for the key-figure section: €/oppilas, €/lapsi, … for TP, TA and the
forecast against the published figures, the service volumes they divide by (given or
derived), and each function's cost base with the rule that split a shared unit's cost.

The tables show the reader short texts ("1 324 (johdettu)", "10 564 (tavoite)"); the
workbook gets the same rows as numbers with every column of the processed data
(``helpers.report.key_figures.with_frame``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers import catalog
from helpers.finnish import format_date, format_number
from helpers.report.formats import decimal, euros
from helpers.report.model import NO_DATA, ReportData, Table, make_table
from helpers.unit_costs import DERIVED, GIVEN_RULE, WHOLE_UNIT_RULE, as_printed
from helpers.unit_costs import NOT_COMPUTABLE as NO_UNIT_COST

NOT_COMPUTABLE = "ei laskettavissa"
OMITTED = "jätetty vertailusta (yksikköristiriita)"
# Bases in the order the board reads them: last year's accounts, the budget, the forecast.
BASIS_ORDER = ("TP", "TA", "Ennuste")


@dataclass(frozen=True)
class UnitCosts:
    """Unit costs with what they rest on, and the notes the reader needs beside them."""

    table: Table  # computed against published, per function × unit of measure × basis
    volumes: Table  # the counts, given or derived
    cost_base: Table  # each function's net cost and the rule that split it
    derived: tuple[str, ...]  # "Perusopetus: oppilaat 2023, 2024": counts not from a register
    splits: tuple[str, ...]  # "Opetus- ja koulutuspalvelut: jaettu …": shared costs split
    not_computable: tuple[str, ...]  # "Lukiokoulutus €/opiskelija TA 2024 (opiskelijat 0)"


def with_frame(table: Table, frame: pd.DataFrame) -> Table:
    """``table`` as shown, with ``frame`` (numbers, all columns) for the workbook."""
    return Table(table.caption, table.index_label, table.columns, table.rows, frame)


def _basis_key(basis: str) -> tuple[int, int]:
    kind, _, year = basis.rpartition(" ")
    return int(year), BASIS_ORDER.index(kind) if kind in BASIS_ORDER else len(BASIS_ORDER)


def unit_cost_rows(data: ReportData, omitted: set[tuple[str, str, int]]) -> pd.DataFrame:
    """Unit costs of TP, TA and the forecast in reading order; a published figure whose unit
    breaks its series (``omitted``: figure, unit, year) is left out of the comparison."""
    frames = [
        data.dataset(name) for name in (catalog.UNIT_COSTS.name, catalog.FORECAST_UNIT_COSTS.name)
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    # entity.yml's order of functions and of their units, then TP, TA, forecast by year.
    order = {
        (function, measure): i
        for i, (function, measure) in enumerate(
            (f, m) for f, measures in data.config.unit_cost_figures.items() for m in measures
        )
    }
    keys = [
        (order.get((f, m), len(order)), *_basis_key(b))
        for f, m, b in zip(rows["function"], rows["unit_of_measure"], rows["basis"], strict=True)
    ]
    rows = rows.iloc[sorted(range(len(rows)), key=keys.__getitem__)].reset_index(drop=True)
    # Never a per-unit figure from a count of zero, whatever the processed data holds.
    uncountable = ~(rows["volume"] > 0)
    rows.loc[uncountable, ["computed", "computed_low", "computed_high"]] = math.nan
    rows.loc[uncountable, "explanation"] = [
        f"{name} {format_number(volume)}: {NO_UNIT_COST}"
        for name, volume in zip(
            rows.loc[uncountable, "volume_name"], rows.loc[uncountable, "volume"], strict=True
        )
    ]
    rows["difference"] = rows["published"] - rows["computed"]
    bad = [
        (r["function"], r["unit_of_measure"], int(r["year"])) in omitted for _, r in rows.iterrows()
    ]
    rows.loc[bad, ["published", "difference"]] = math.nan
    rows.loc[bad, "explanation"] = (
        "julkaistu luku on painettu eri yksikössä kuin sarjan muut vuodet, joten sitä ei verrata"
    )
    rows["omitted"] = bad
    return rows


def _volume_text(row: pd.Series) -> str:
    text = format_number(row["volume"], 0)
    return f"{text} (johdettu)" if row["volume_status"] == DERIVED else text


def _published_text(row: pd.Series) -> str:
    if row["omitted"]:
        return OMITTED
    if pd.isna(row["published"]):
        return "ei julkaistu"
    return f"{as_printed(row['published'])} ({str(row['published_as']).lower()})"


def _computed_text(row: pd.Series) -> str:
    if pd.isna(row["computed"]):
        return f"{NOT_COMPUTABLE} ({not_computable_reason(row)})"
    return format_number(row["computed"], 2)


def not_computable_reason(row: pd.Series) -> str:
    """Why a unit cost has no value: "opiskelijat 0", "opiskelijat ei tietoa" or
    "nettokustannus ei tietoa" (never a blank where the count should be)."""
    if pd.isna(row["volume"]):
        return f"{row['volume_name']} {NO_DATA}"
    if row["volume"] <= 0:
        return f"{row['volume_name']} {format_number(row['volume'])}"
    return f"nettokustannus {NO_DATA}"


# The clause of the domain's explanation that the "(jaettu)" mark and its note already say.
SPLIT_CLAUSE = "tehtävän kustannus on jaettu"


def short_explanation(row: pd.Series) -> str:
    """The explanation without the clauses the marks "(jaettu)" and "(johdettu)" and their
    notes under the table already tell; the workbook keeps the whole text."""
    derived = f"{row['volume_name']} on {DERIVED}"
    clauses = str(row["explanation"]).split("; ")
    kept = [c for c in clauses if not c.startswith((SPLIT_CLAUSE, derived))]
    if any(c.startswith(derived) for c in clauses):
        kept.insert(
            -1 if kept else 0, "määrä johdettu, joten ero toistaa €/asukas-täsmäytyksen eron"
        )
    return "; ".join(kept)


def comparison_table(rows: pd.DataFrame) -> Table:
    """Computed unit cost against the published one, one row per function × unit × basis."""
    label = rows["function"] + ", " + rows["unit_of_measure"]
    split = ~rows["split_rule"].isin([GIVEN_RULE, WHOLE_UNIT_RULE])
    shown = pd.DataFrame(
        {
            "Peruste": rows["basis"],
            "Nettokustannus, €": rows["net_cost"].map(euros)
            + split.map({True: " (jaettu)", False: ""}),
            "Suoritemäärä": rows.apply(_volume_text, axis=1),
            "Laskettu": rows.apply(_computed_text, axis=1),
            "Julkaistu": rows.apply(_published_text, axis=1),
            "Ero": rows["difference"].map(decimal(2)),
            "Selitys": rows.apply(short_explanation, axis=1),
        }
    )
    shown.index = pd.Index(label, name="Tehtävä, yksikkö")
    identity = {c: str for c in ("Nettokustannus, €", "Suoritemäärä", "Laskettu", "Ero")}
    table = make_table(
        shown, identity, caption="Yksikkökustannukset: laskettu ja julkaistu (ero = julk. − lask.)"
    )
    numbers = rows[list(WORKBOOK_COLUMNS)].rename(columns=WORKBOOK_COLUMNS)
    return with_frame(table, numbers.set_index(WORKBOOK_COLUMNS["function"]))


WORKBOOK_COLUMNS = {
    "function": "Tehtävä",
    "unit_of_measure": "Yksikkö",
    "basis": "Peruste",
    "unit": "Palvelualue",
    "net_cost": "Tehtävän nettokustannus, €",
    "split_share": "Osuus palvelualueen nettokustannuksesta",
    "split_rule": "Jakoperuste",
    "volume_name": "Suorite",
    "volume": "Suoritemäärä",
    "volume_status": "Määrän peruste",
    "computed": "Laskettu",
    "computed_low": "Laskettu, alaraja (määrän pyöristys)",
    "computed_high": "Laskettu, yläraja (määrän pyöristys)",
    "published": "Julkaistu",
    "published_as": "Julkaistun laji",
    "difference": "Ero (julkaistu − laskettu)",
    "explanation": "Selitys",
}


def _checked_at(row: pd.Series) -> str:
    source = row["source"] or "lähde ei tiedossa"
    if pd.isna(row["statistical_date"]):
        return source
    return f"{source}, tilastopäivä {format_date(row['statistical_date'])}"


def _basis(row: pd.Series) -> str:
    """``johdettu julkaistuista tunnusluvuista: 779 €/asukas × …`` or ``julkaistu: Vipunen``."""
    if row["status"] == DERIVED or not row["derivation"]:
        return row["derivation"] or row["status"]
    return f"{row['status']}: {row['derivation']}"


def volume_table(volumes: pd.DataFrame) -> Table:
    """The service volumes: each count as given, or derived with its arithmetic and range."""
    derived = (volumes["status"] == DERIVED).to_numpy()
    shown = pd.DataFrame(
        {
            "Määrä": volumes["volume"].map(decimal(1)).to_numpy(),
            "Pyöristyksen sallima väli": [
                f"{decimal(1)(low)}–{decimal(1)(high)}" if is_derived else ""
                for low, high, is_derived in zip(
                    volumes["volume_low"], volumes["volume_high"], derived, strict=True
                )
            ],
            "Peruste ja laskelma": volumes.apply(_basis, axis=1).to_numpy(),
            "Määritelmä": volumes["definition"].to_numpy(),
            "Tarkistettavissa": volumes.apply(_checked_at, axis=1).to_numpy(),
        },
        index=pd.Index(
            volumes["function"] + ": " + volumes["volume_name"] + " " + volumes["year"].astype(str),
            name="Suorite ja vuosi",
        ),
    )
    table = make_table(
        shown,
        {"Määrä": str, "Pyöristyksen sallima väli": str},
        caption="Suoritemäärät, joilla yksikkökustannukset on laskettu",
    )
    return with_frame(table, volumes.rename(columns=VOLUME_COLUMNS).set_index("Tehtävä"))


VOLUME_COLUMNS = {
    "function": "Tehtävä",
    "volume_name": "Suorite",
    "unit_of_measure": "Yksikkökustannus",
    "year": "Vuosi",
    "volume": "Määrä",
    "volume_low": "Määrä, alaraja (pyöristys)",
    "volume_high": "Määrä, yläraja (pyöristys)",
    "status": "Peruste",
    "derivation": "Laskelma tai lähde",
    "per_resident": "Käytetty €/asukas",
    "per_unit": "Käytetty €/yksikkö",
    "population": "Käytetty asukasluku",
    "population_date": "Asukasluvun päivä",
    "statistical_date": "Tilastopäivä",
    "definition": "Määritelmä",
    "source": "Lähde",
}


def cost_base_table(rows: pd.DataFrame, data: ReportData) -> Table:
    """Each function's net cost per basis, its share of its unit and the rule of the split."""
    base = rows.drop_duplicates(["function", "basis"])
    unit_net = pd.concat(
        [data.dataset(catalog.PER_CAPITA.name), data.dataset(catalog.FORECAST_PER_CAPITA.name)],
        ignore_index=True,
    )
    totals = (
        unit_net.set_index(["unit", "basis"])["net_cost"]
        if not unit_net.empty
        else pd.Series(dtype=float)
    )
    frame = pd.DataFrame(
        {
            "Peruste": base["basis"].to_numpy(),
            "Palvelualue": base["unit"].map(data.unit_name).to_numpy(),
            "Palvelualueen nettokustannus, €": [
                totals.get((u, b), math.nan)
                for u, b in zip(base["unit"], base["basis"], strict=True)
            ],
            "Tehtävän osuus %": (base["split_share"] * 100).to_numpy(),
            "Tehtävän nettokustannus, €": base["net_cost"].to_numpy(),
            "Jako": base["split_rule"].map(_split_label).to_numpy(),
        },
        index=pd.Index(base["function"].to_numpy(), name="Tehtävä"),
    )
    table = make_table(
        frame,
        {
            "Palvelualueen nettokustannus, €": euros_or_no_data,
            "Tehtävän osuus %": decimal(1),
            "Tehtävän nettokustannus, €": euros_or_no_data,
        },
        caption="Kustannuspohja: tehtävän nettokustannus ja jakoperuste",
    )
    # The workbook gets the whole rule; the page shows its kind, the rules are listed above.
    return with_frame(table, frame.assign(Jako=base["split_rule"].to_numpy()))


def euros_or_no_data(value: object) -> str:
    """A net cost the statement lacks reads "ei tietoa", not a blank cell."""
    return NO_DATA if pd.isna(value) else euros(value)


def _split_label(rule: str) -> str:
    if rule == WHOLE_UNIT_RULE:
        return "koko palvelualue"
    if rule.startswith(GIVEN_RULE):
        return "tehtäväkohtainen"
    return "jaettu (ks. jakoperusteet yllä)"


def derived_counts(volumes: pd.DataFrame) -> tuple[str, ...]:
    """ "Perusopetus: oppilaat 2023, 2024" for every count derived from published figures."""
    derived = volumes[volumes["status"] == DERIVED]
    return tuple(
        f"{function}: {name} {', '.join(str(int(y)) for y in group['year'])}"
        for (function, name), group in derived.groupby(["function", "volume_name"], sort=False)
    )


def split_rules(rows: pd.DataFrame, data: ReportData) -> tuple[str, ...]:
    """How each shared unit's cost was split, once per unit and rule with the bases it
    covers: "Opetus- ja koulutuspalvelut, TA 2024 ja Ennuste 2024: jaettu …"."""
    split = rows[~rows["split_rule"].isin([GIVEN_RULE, WHOLE_UNIT_RULE])]
    texts = []
    for (unit, rule), group in split.groupby(["unit", "split_rule"], sort=False):
        bases = " ja ".join(dict.fromkeys(group["basis"]))
        texts.append(f"{data.unit_name(unit)}, {bases}: {rule}")
    return tuple(texts)


def unit_cost_content(data: ReportData, omitted: set[tuple[str, str, int]]) -> UnitCosts | None:
    """The unit-cost part of the key figures, or ``None`` when none could be computed."""
    rows = unit_cost_rows(data, omitted)
    volumes = data.dataset(catalog.UNIT_COST_VOLUMES.name)
    if rows.empty or volumes.empty:
        return None
    zero = rows[rows["computed"].isna()]
    return UnitCosts(
        table=comparison_table(rows),
        volumes=volume_table(volumes),
        cost_base=cost_base_table(rows, data),
        derived=derived_counts(volumes),
        splits=split_rules(rows, data),
        not_computable=tuple(
            f"{r['function']} {r['unit_of_measure']} {r['basis']} ({not_computable_reason(r)})"
            for _, r in zero.iterrows()
        ),
    )
