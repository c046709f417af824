"""The unit-cost tables of Tunnusluvut (``helpers.report.unit_cost_tables``) on small
SYNTHETIC processed rows whose expected texts are worked out by hand. The embedded data's
€/oppilas, €/lapsi, … against the source document are in test_report_key_figures.py."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from report_data import plain, rows_of, shown

from helpers.report import unit_cost_tables as uct
from helpers.report.model import ReportData
from helpers.unit_costs import DERIVED, GIVEN_RULE, WHOLE_UNIT_RULE

PERIOD = dt.date(2024, 6, 30)
OPKOU = "Opetus- ja koulutuspalvelut"
SHARED = "jaettu tehtävien julkaistujen €/asukas-lukujen suhteessa (tavoite 2024)"
GIVEN = "julkaistu"
NAN = math.nan


def cost_row(function, measure, basis, net, volume, computed, published, **over) -> dict:
    kind, _, year = basis.rpartition(" ")
    row = {
        "function": function,
        "unit": OPKOU if function != "Varhaiskasvatus" else "Varhaiskasvatus",
        "basis": basis,
        "year": int(year),
        "unit_of_measure": measure,
        "volume_name": {"€/oppilas": "oppilaat", "€/lapsi": "lapset"}.get(measure, "opiskelijat"),
        "net_cost": net,
        "split_share": 0.8,
        "split_rule": SHARED,
        "volume": volume,
        "volume_status": DERIVED,
        "computed": computed,
        "computed_low": computed,
        "computed_high": computed,
        "published": published,
        "published_as": "Tavoite" if kind == "TA" else "Ennuste",
        "difference": 0.0,  # stale on purpose: the table recomputes published − computed
        "explanation": "ero pyöristystä",
    }
    return row | over


def data_with(heinola, rows: list[dict], **tables: pd.DataFrame) -> ReportData:
    return ReportData(heinola, PERIOD, {"unit_costs": pd.DataFrame(rows)} | tables)


# --- the comparison rows ------------------------------------------------------------------


def test_rows_follow_entity_yml_then_tp_ta_and_forecast_by_year(heinola):
    rows = [
        cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0),
        cost_row("Tuntematon", "€/x", "TA 2024", 1.0, 1.0, 1.0, 1.0),  # not in entity.yml
        cost_row("Perusopetus", "€/oppilas", "TP 2023", 1e6, 80.0, 12_500.0, 12_000.0),
        cost_row("Varhaiskasvatus", "€/lapsi", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0),
    ]
    forecast = [cost_row("Perusopetus", "€/oppilas", "Ennuste 2024", 1e6, 80.0, 12_500.0, NAN)]
    data = data_with(heinola, rows, forecast_unit_costs=pd.DataFrame(forecast))
    found = uct.unit_cost_rows(data, set())
    # entity.yml lists Varhaiskasvatus before Perusopetus; a function it lacks goes last.
    assert list(zip(found["function"], found["basis"], strict=True)) == [
        ("Varhaiskasvatus", "TA 2024"),
        ("Perusopetus", "TP 2023"),
        ("Perusopetus", "TA 2024"),
        ("Perusopetus", "Ennuste 2024"),
        ("Tuntematon", "TA 2024"),
    ]


def test_within_a_year_the_budget_comes_before_the_forecast_whatever_the_input_order(heinola):
    rows = [
        cost_row("Perusopetus", "€/oppilas", "Ennuste 2024", 1e6, 80.0, 12_500.0, NAN),
        cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0),
        cost_row("Perusopetus", "€/oppilas", "TP 2024", 1e6, 80.0, 12_500.0, 12_000.0),
    ]
    found = uct.unit_cost_rows(data_with(heinola, rows), set())
    assert list(found["basis"]) == ["TP 2024", "TA 2024", "Ennuste 2024"]


def test_the_difference_is_published_minus_computed_recomputed_here(heinola):
    # 1 000 000 € ÷ 80 pupils = 12 500 €/oppilas; published 12 000: 12 000 − 12 500 = −500.
    rows = [cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0)]
    table = uct.comparison_table(uct.unit_cost_rows(data_with(heinola, rows), set()))
    (shown_row,) = rows_of(table, "Perusopetus, €/oppilas")
    assert shown_row["Peruste"] == "TA 2024"
    assert shown_row["Nettokustannus, €"] == "1 000 000 (jaettu)"
    assert shown_row["Suoritemäärä"] == "80 (johdettu)"
    assert shown_row["Laskettu"] == "12 500,00"
    assert shown_row["Julkaistu"] == "12 000 (tavoite)"
    assert shown_row["Ero"] == "-500,00"
    # The workbook gets the numbers under Finnish headers.
    numbers = table.frame.loc["Perusopetus"]
    assert numbers["Ero (julkaistu − laskettu)"] == pytest.approx(-500.0)
    assert numbers["Laskettu"] == pytest.approx(12_500.0)


def test_a_published_figure_keeps_its_printed_decimals(heinola):
    # 1 000 000 € ÷ 15 500 lessons = 64,516… €/opetustunti against a published 61,06.
    rows = [
        cost_row(
            "Musiikkiopisto",
            "€/opetustunti",
            "TP 2023",
            1e6,
            15_500.0,
            1e6 / 15_500,
            61.06,
            volume_name="opetustunnit",
            volume_status=GIVEN,
            split_rule=WHOLE_UNIT_RULE,
        )
    ]
    table = uct.comparison_table(uct.unit_cost_rows(data_with(heinola, rows), set()))
    (row,) = rows_of(table, "Musiikkiopisto, €/opetustunti")
    assert row["Julkaistu"] == "61,06 (ennuste)"
    assert row["Laskettu"] == "64,52"
    assert row["Ero"] == "-3,46"  # 61,06 − 64,516…
    # A count from a register is not marked derived; the unit's whole cost is not "jaettu".
    assert row["Suoritemäärä"] == "15 500"
    assert row["Nettokustannus, €"] == "1 000 000"


@pytest.mark.parametrize("volume", [0.0, -3.0, NAN])
def test_no_unit_cost_from_a_count_that_is_zero_negative_or_missing(heinola, volume):
    # Processed data holding a stale number (an infinity from 1 000 000 ÷ 0, say) is ignored.
    rows = [cost_row("Lukiokoulutus", "€/opiskelija", "TA 2024", 1e6, volume, math.inf, 11_612.0)]
    found = uct.unit_cost_rows(data_with(heinola, rows), set())
    assert (
        found[["computed", "computed_low", "computed_high", "difference"]].isna().to_numpy().all()
    )
    assert (
        found["explanation"]
        .iloc[0]
        .endswith("yksikkökustannusta ei voi laskea, koska suoritemäärä ei ole positiivinen")
    )
    (row,) = rows_of(uct.comparison_table(found), "Lukiokoulutus, €/opiskelija")
    # The count is named with its value, or "ei tietoa" when it is missing: never "(opiskelijat )".
    count = {0.0: "0", -3.0: "-3"}.get(volume, "ei tietoa")
    assert row["Laskettu"] == f"ei laskettavissa (opiskelijat {count})"
    assert row["Ero"] == "–"
    assert row["Julkaistu"] == "11 612 (tavoite)"  # still shown, only not compared


def test_a_zero_count_is_named_in_the_not_computable_list(heinola):
    rows = [
        cost_row("Lukiokoulutus", "€/opiskelija", "TA 2024", 1e6, 0.0, math.inf, 11_612.0),
        cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0),
    ]
    volumes = volume_frame()
    content = uct.unit_cost_content(data_with(heinola, rows, unit_cost_volumes=volumes), set())
    assert content.not_computable == ("Lukiokoulutus €/opiskelija TA 2024 (opiskelijat 0)",)
    (row,) = rows_of(content.table, "Lukiokoulutus, €/opiskelija")
    assert row["Laskettu"] == "ei laskettavissa (opiskelijat 0)"


def test_unpublished_and_omitted_figures_are_not_compared(heinola):
    rows = [
        cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, NAN),
        cost_row("Varhaiskasvatus", "€/lapsi", "TA 2024", 1e6, 80.0, 12_500.0, 12_637.0),
        cost_row("Varhaiskasvatus", "€/lapsi", "TP 2023", 1e6, 80.0, 12_500.0, 12_169.0),
    ]
    omitted = {("Varhaiskasvatus", "€/lapsi", 2024)}  # printed in a unit breaking its series
    found = uct.unit_cost_rows(data_with(heinola, rows), omitted)
    table = uct.comparison_table(found)
    assert rows_of(table, "Perusopetus, €/oppilas")[0]["Julkaistu"] == "ei julkaistu"
    assert rows_of(table, "Perusopetus, €/oppilas")[0]["Ero"] == "–"
    children = {r["Peruste"]: r for r in rows_of(table, "Varhaiskasvatus, €/lapsi")}
    assert children["TA 2024"]["Julkaistu"] == "jätetty vertailusta (yksikköristiriita)"
    assert children["TA 2024"]["Ero"] == "–"
    assert children["TA 2024"]["Laskettu"] == "12 500,00"  # the own figure still stands
    # Only 2024 is omitted: 2023 is compared, 12 169 − 12 500 = −331.
    assert children["TP 2023"]["Ero"] == "-331,00"
    # Reading order: Varhaiskasvatus TP 2023, its TA 2024, then Perusopetus TA 2024.
    assert list(found["omitted"]) == [False, True, False]
    assert found.loc[found["omitted"], "published"].isna().all()


# --- the explanation shown beside a row ---------------------------------------------------


def test_short_explanation_drops_what_the_marks_already_say():
    row = pd.Series(
        {
            "volume_name": "oppilaat",
            "explanation": "julkaistu luku on ennuste, laskettu tilinpäätöksestä; tehtävän "
            "kustannus on jaettu palvelualueen toimintakatteesta (ks. jakoperuste); oppilaat "
            f"on {DERIVED}, joten ero toistaa €/asukas-täsmäytyksen eron eikä ole riippumaton "
            "tarkistus; ero ei selity pyöristyksellä",
        }
    )
    assert uct.short_explanation(row) == (
        "julkaistu luku on ennuste, laskettu tilinpäätöksestä; määrä johdettu, joten ero "
        "toistaa €/asukas-täsmäytyksen eron; ero ei selity pyöristyksellä"
    )
    only_derived = pd.Series(
        {"volume_name": "lapset", "explanation": f"lapset on {DERIVED}, joten …"}
    )
    assert uct.short_explanation(only_derived) == (
        "määrä johdettu, joten ero toistaa €/asukas-täsmäytyksen eron"
    )
    given = pd.Series({"volume_name": "oppilaat", "explanation": "ero pyöristystä"})
    assert uct.short_explanation(given) == "ero pyöristystä"


# --- service volumes ----------------------------------------------------------------------


def volume_frame() -> pd.DataFrame:
    derived = {
        "function": "Perusopetus",
        "volume_name": "oppilaat",
        "unit_of_measure": "€/oppilas",
        "year": 2024,
        # 779 €/asukas × 17 953 ÷ 10 564 €/oppilas = 1 323,87; the rounding of the three
        # printed figures allows 778,5 × 17 953 ÷ 10 564,5 … 779,5 × 17 953 ÷ 10 563,5.
        "volume": 779 * 17_953 / 10_564,
        "volume_low": 778.5 * 17_953 / 10_564.5,
        "volume_high": 779.5 * 17_953 / 10_563.5,
        "status": DERIVED,
        "derivation": f"{DERIVED}: 779 €/asukas × 17 953 asukasta ÷ 10 564 €/oppilas",
        "source": "Vipunen",
        "statistical_date": pd.Timestamp("2024-09-20"),
        "definition": "perusopetuksen oppilaat",
    }
    register = derived | {
        "function": "Lukiokoulutus",
        "volume_name": "opiskelijat",
        "unit_of_measure": "€/opiskelija",
        "year": 2023,
        "volume": 201.0,
        "volume_low": 201.0,
        "volume_high": 201.0,
        "status": GIVEN,
        "derivation": "Vipunen 20.9.2023",
        "source": "",
        "statistical_date": pd.NaT,
        "definition": "lukiokoulutuksen opiskelijat",
    }
    bare = register | {"function": "Musiikkiopisto", "derivation": "", "source": "oma rekisteri"}
    return pd.DataFrame([derived, register, bare])


def test_volume_table_shows_the_count_its_rounding_range_and_where_to_check_it():
    table = uct.volume_table(volume_frame())
    rows = shown(table)
    pupils = rows["Perusopetus: oppilaat 2024"]
    assert pupils["Määrä"] == "1 323,9"
    assert pupils["Pyöristyksen sallima väli"] == "1 323,0–1 324,8"
    assert pupils["Peruste ja laskelma"] == (
        f"{DERIVED}: 779 €/asukas × 17 953 asukasta ÷ 10 564 €/oppilas"
    )
    assert pupils["Tarkistettavissa"] == "Vipunen, tilastopäivä 20.9.2024"
    students = rows["Lukiokoulutus: opiskelijat 2023"]
    # A register count has no rounding range; its status comes before its source.
    assert (students["Määrä"], students["Pyöristyksen sallima väli"]) == ("201,0", "")
    assert students["Peruste ja laskelma"] == "julkaistu: Vipunen 20.9.2023"
    assert students["Tarkistettavissa"] == "lähde ei tiedossa"
    bare = rows["Musiikkiopisto: opiskelijat 2023"]
    assert (bare["Peruste ja laskelma"], bare["Tarkistettavissa"]) == ("julkaistu", "oma rekisteri")
    assert list(table.frame.index) == ["Perusopetus", "Lukiokoulutus", "Musiikkiopisto"]
    assert table.frame["Määrä"].iloc[0] == pytest.approx(1_323.872, abs=1e-3)


def test_derived_counts_name_each_function_and_count_once_with_its_years():
    volumes = pd.concat(
        [volume_frame(), volume_frame().iloc[[0]].assign(year=2023)], ignore_index=True
    )
    assert uct.derived_counts(volumes) == ("Perusopetus: oppilaat 2024, 2023",)


# --- the cost base ------------------------------------------------------------------------


def per_capita(unit: str, basis: str, net: float) -> pd.DataFrame:
    return pd.DataFrame({"unit": [unit], "basis": [basis], "net_cost": [net]})


def test_cost_base_shows_the_units_cost_the_functions_share_and_the_kind_of_split(heinola):
    rows = [
        # 1 250 000 € of the unit × 0,8 = 1 000 000 € for Perusopetus.
        cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0),
        cost_row(
            "Varhaiskasvatus",
            "€/lapsi",
            "TA 2024",
            7_913_900.0,
            626.5,
            12_631.6,
            12_637.0,
            split_share=1.0,
            split_rule=WHOLE_UNIT_RULE,
        ),
        cost_row(
            "Lukiokoulutus",
            "€/opiskelija",
            "TA 2024",
            200_000.0,
            20.0,
            10_000.0,
            NAN,
            split_share=0.16,
            split_rule=f"{GIVEN_RULE}: 200 000 €",
        ),
    ]
    unit_net = pd.concat(
        [
            per_capita(OPKOU, "TA 2024", 1_250_000.0),
            per_capita("Varhaiskasvatus", "TA 2024", 7_913_900.0),
        ]
    )
    data = data_with(heinola, rows, per_capita=unit_net)
    table = uct.cost_base_table(uct.unit_cost_rows(data, set()), data)
    base = shown(table)
    assert base["Perusopetus"]["Palvelualue"] == OPKOU
    assert base["Perusopetus"]["Palvelualueen nettokustannus, €"] == "1 250 000"
    assert base["Perusopetus"]["Tehtävän osuus %"] == "80,0"
    assert base["Perusopetus"]["Tehtävän nettokustannus, €"] == "1 000 000"
    assert base["Perusopetus"]["Jako"] == "jaettu (ks. jakoperusteet yllä)"
    assert base["Varhaiskasvatus"]["Tehtävän osuus %"] == "100,0"
    assert base["Varhaiskasvatus"]["Jako"] == "koko palvelualue"
    assert base["Lukiokoulutus"]["Jako"] == "tehtäväkohtainen"
    # The workbook keeps the whole rule, not its kind.
    assert table.frame.loc["Perusopetus", "Jako"] == SHARED


def test_cost_base_without_the_units_net_cost_shows_no_number(heinola):
    # The forecast's unit net cost is missing (no forecast_per_capita): no figure invented.
    rows = [cost_row("Perusopetus", "€/oppilas", "Ennuste 2024", 1e6, 80.0, 12_500.0, 12_000.0)]
    data = data_with(heinola, rows, per_capita=per_capita(OPKOU, "TA 2024", 1_250_000.0))
    table = uct.cost_base_table(uct.unit_cost_rows(data, set()), data)
    assert math.isnan(table.frame.loc["Perusopetus", "Palvelualueen nettokustannus, €"])
    assert shown(table)["Perusopetus"]["Palvelualueen nettokustannus, €"] == "ei tietoa"


def test_a_unit_cost_without_its_net_cost_says_the_net_cost_is_missing(heinola):
    # 80 pupils but no net cost for the basis: the reason is the cost, not the count.
    rows = [cost_row("Perusopetus", "€/oppilas", "TA 2024", NAN, 80.0, NAN, 12_000.0)]
    volumes = volume_frame()
    content = uct.unit_cost_content(data_with(heinola, rows, unit_cost_volumes=volumes), set())
    assert content.not_computable == ("Perusopetus €/oppilas TA 2024 (nettokustannus ei tietoa)",)
    (row,) = rows_of(content.table, "Perusopetus, €/oppilas")
    assert row["Laskettu"] == "ei laskettavissa (nettokustannus ei tietoa)"


def test_split_rules_are_listed_once_per_unit_and_rule_with_their_bases(heinola):
    rows = [
        cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 1.0, 1.0),
        cost_row("Lukiokoulutus", "€/opiskelija", "TA 2024", 1e6, 80.0, 1.0, 1.0),
        cost_row("Perusopetus", "€/oppilas", "TP 2023", 1e6, 80.0, 1.0, 1.0, split_rule="vanha"),
        cost_row("Varhaiskasvatus", "€/lapsi", "TA 2024", 1e6, 80.0, 1.0, 1.0)
        | {"split_rule": WHOLE_UNIT_RULE},
    ]
    forecast = [cost_row("Perusopetus", "€/oppilas", "Ennuste 2024", 1e6, 80.0, 1.0, 1.0)]
    data = data_with(heinola, rows, forecast_unit_costs=pd.DataFrame(forecast))
    found = uct.split_rules(uct.unit_cost_rows(data, set()), data)
    # Reading order: Perusopetus TP 2023 ("vanha"), then TA 2024 and Ennuste 2024; the unit
    # of one function (Varhaiskasvatus) is not split at all.
    assert found == (f"{OPKOU}, TP 2023: vanha", f"{OPKOU}, TA 2024 ja Ennuste 2024: {SHARED}")


# --- the whole part -----------------------------------------------------------------------


def test_no_unit_costs_or_no_volumes_no_unit_cost_part(heinola):
    assert uct.unit_cost_content(ReportData(heinola, PERIOD, {}), set()) is None
    rows = [cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0)]
    assert uct.unit_cost_content(data_with(heinola, rows), set()) is None


def test_the_part_carries_the_derived_counts_and_the_split_notes(heinola):
    rows = [cost_row("Perusopetus", "€/oppilas", "TA 2024", 1e6, 80.0, 12_500.0, 12_000.0)]
    content = uct.unit_cost_content(
        data_with(heinola, rows, unit_cost_volumes=volume_frame()), set()
    )
    assert content.derived == ("Perusopetus: oppilaat 2024",)
    assert content.splits == (f"{OPKOU}, TA 2024: {SHARED}",)
    assert content.not_computable == ()
    assert plain(rows_of(content.table, "Perusopetus, €/oppilas")[0]["Ero"]) == "-500,00"
