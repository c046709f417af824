"""Unit costs, service volumes, the cost split and the €/asukas gap, checked against hand
arithmetic on the source report's printed figures (Tunnusluvut and the statements)."""

import math

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.errors import InputDataError
from helpers.finnish import format_number
from helpers.forecast import forecast_lines
from helpers.indicators import (
    forecast_net_costs,
    indicator_tables,
    key_figure_reconciliation,
    per_capita_costs,
    statement_net_costs,
)
from helpers.unit_costs import (
    DERIVED,
    GIVEN_RULE,
    NOT_COMPUTABLE,
    PUBLISHED,
    WHOLE_UNIT_RULE,
    basis_year,
    check_unit_cost_inputs,
    derive_volume,
    explain_unit_cost,
    forecast_unit_costs,
    function_costs,
    half_unit,
    population_for,
    printed_decimals,
    unit_cost_volumes,
    unit_costs,
)

POPULATION = 17_953  # vaesto.csv 31.12.2023, the latest known at 30.6.2024
OPKOU = "Opetus- ja koulutuspalvelut"
# Printed toimintakate (net cost) of the statements, TP 2023 and TA 2024.
OPKOU_TP_2023, OPKOU_TA_2024 = 17_418_930, 17_056_250
VAKA_TA_2024 = 7_913_900


@pytest.fixture(scope="module")
def data():
    return build_processed(RAW, "heinola", "2024-06-30")


@pytest.fixture(scope="module")
def volumes(data):
    config, tables = data
    return unit_cost_volumes(
        tables["service_volumes"], tables["key_figures"], tables["population"], config
    ).set_index(["function", "volume_name", "year"])


@pytest.fixture(scope="module")
def costs(data):
    config, tables = data
    net = statement_net_costs(tables["income_statement"], "Toimintakate")
    return function_costs(net, tables["key_figures"], config)


# --- Printed precision ---------------------------------------------------------------------


def test_printed_precision_of_published_figures():
    assert printed_decimals(441) == 0 and half_unit(441) == 0.5
    assert printed_decimals(11_355.17) == 2 and half_unit(11_355.17) == pytest.approx(0.005)
    assert printed_decimals(20.6) == 1 and half_unit(63.38) == pytest.approx(0.005)


# --- 1. Service volumes ---------------------------------------------------------------------


def test_derived_counts_from_the_published_pairs(volumes):
    # Perusopetus 2024: 779 €/asukas × 17 953 asukasta = 13 985 387 € ÷ 10 564 €/oppilas
    pupils = volumes.loc[("Perusopetus", "oppilaat", 2024)]
    assert pupils["volume"] == pytest.approx(13_985_387 / 10_564)  # ≈ 1 323,9 oppilasta
    assert pupils["status"] == DERIVED
    assert "779 €/asukas × 17\xa0953 asukasta ÷ 10\xa0564 €/oppilas" in pupils["derivation"]
    # Rounding: 778,5 … 779,5 €/asukas and 10 563,5 … 10 564,5 €/oppilas.
    assert pupils["volume_low"] == pytest.approx(778.5 * 17_953 / 10_564.5)
    assert pupils["volume_high"] == pytest.approx(779.5 * 17_953 / 10_563.5)
    assert pupils["source"].startswith("Vipunen")
    assert pupils["statistical_date"] == pd.Timestamp("2024-09-20")
    # Varhaiskasvatus 2023: 439 × 17 953 = 7 881 367 ÷ 12 169 €/lapsi ≈ 647,7 lasta.
    children = volumes.loc[("Varhaiskasvatus", "lapset", 2023)]
    assert children["volume"] == pytest.approx(7_881_367 / 12_169)
    assert "alle kouluikäiset" in children["definition"]
    # Lukio 2023: 123 × 17 953 = 2 208 219 ÷ 11 352 €/opiskelija ≈ 194,5.
    assert volumes.loc[("Lukiokoulutus", "opiskelijat", 2023), "volume"] == pytest.approx(
        2_208_219 / 11_352
    )
    # Musiikkiopisto 2024: 32 × 17 953 = 574 496 ÷ 65 €/opetustunti = 8 838,4 tuntia,
    # ÷ 1 165 €/opiskelija ≈ 493,1 opiskelijaa.
    assert volumes.loc[("Musiikkiopisto", "opetustunnit", 2024), "volume"] == pytest.approx(8_838.4)
    assert volumes.loc[("Musiikkiopisto", "opiskelijat", 2024), "volume"] == pytest.approx(
        574_496 / 1_165
    )


def test_no_count_is_derived_for_a_year_before_the_known_population(volumes):
    # 2022 is published (Toteutuma) but the earliest population is 31.12.2023.
    assert 2022 not in volumes.index.get_level_values("year")


def test_a_given_count_is_used_as_given(data):
    config, tables = data
    given = tables["service_volumes"].copy()
    given.loc[(given["function"] == "Perusopetus") & (given["year"] == 2024), "volume"] = 1_300.0
    table = unit_cost_volumes(given, tables["key_figures"], tables["population"], config)
    row = table.set_index(["function", "volume_name", "year"]).loc[
        ("Perusopetus", "oppilaat", 2024)
    ]
    assert (row["volume"], row["volume_low"], row["volume_high"]) == (1_300, 1_300, 1_300)
    assert row["status"] == PUBLISHED and row["derivation"].endswith("20.9.2024")


def test_derive_volume_and_population_for_a_year():
    assert derive_volume(10, 1_000, 100) == pytest.approx((100, 9.5e3 / 100.5, 10.5e3 / 99.5))
    population = pd.DataFrame(
        {"date": pd.to_datetime(["2022-12-31", "2023-12-31"]), "population": [18_100, 17_953]}
    )
    assert population_for(population, 2022)[0] == 18_100  # the year's own count
    assert population_for(population, 2024)[0] == 17_953  # not yet counted: the latest
    assert population_for(population, 2021) is None  # no count fits
    three = pd.concat(
        [pd.DataFrame({"date": [pd.Timestamp("2021-12-31")], "population": [18_300]}), population]
    )
    assert population_for(three, 2025) == (17_953, pd.Timestamp("2023-12-31"))  # the latest
    assert population_for(population.iloc[0:0], 2024) is None


# --- 2. Net cost per function ---------------------------------------------------------------


def test_unit_net_cost_split_by_published_per_resident_targets(costs):
    table = costs.set_index(["function", "basis"])
    # TA 2024 of Opetus- ja koulutuspalvelut, split 779 : 130 : 32 (sum 941).
    assert table.loc[("Perusopetus", "TA 2024"), "net_cost"] == pytest.approx(
        17_056_250 * 779 / 941  # = 14 119 858,13 €
    )
    assert table.loc[("Lukiokoulutus", "TA 2024"), "net_cost"] == pytest.approx(
        17_056_250 * 130 / 941  # = 2 356 320,40 €
    )
    assert table.loc[("Musiikkiopisto", "TA 2024"), "share"] == pytest.approx(32 / 941)
    # TP 2023 by the 2023 figures, 740 : 123 : 32 (sum 895).
    assert table.loc[("Perusopetus", "TP 2023"), "net_cost"] == pytest.approx(
        17_418_930 * 740 / 895
    )
    opkou = costs[(costs["unit"] == OPKOU) & (costs["basis"] == "TA 2024")]
    assert opkou["net_cost"].sum() == pytest.approx(OPKOU_TA_2024)  # nothing lost
    rule = table.loc[("Perusopetus", "TA 2024"), "split_rule"]
    assert "€/asukas" in rule and "tavoite 2024: Perusopetus 779, Lukiokoulutus 130" in rule
    vaka = table.loc[("Varhaiskasvatus", "TA 2024")]
    assert (vaka["share"], vaka["net_cost"], vaka["split_rule"]) == (
        1.0,
        VAKA_TA_2024,
        WHOLE_UNIT_RULE,
    )


def test_given_function_costs_replace_the_split(data):
    config, tables = data
    net = statement_net_costs(tables["income_statement"], "Toimintakate")
    given = pd.DataFrame(
        {
            "function": ["Perusopetus", "Lukiokoulutus", "Musiikkiopisto"],
            "prior_year": [-14_000_000.0, -2_500_000.0, -600_000.0],
            "budget": [-14_000_000.0, -2_400_000.0, -600_000.0],
        }
    )
    table = function_costs(net, tables["key_figures"], config, given).set_index(
        ["function", "basis"]
    )
    assert table.loc[("Perusopetus", "TA 2024"), "net_cost"] == 14_000_000
    assert table.loc[("Perusopetus", "TA 2024"), "share"] == pytest.approx(14_000_000 / 17_056_250)
    # 17 056 250 − (14 000 000 + 2 400 000 + 600 000) = 56 250 € not given to any function.
    rule = table.loc[("Lukiokoulutus", "TA 2024"), "split_rule"]
    assert rule.startswith(GIVEN_RULE) and "56\xa0250 €" in rule
    # The forecast is split by the functions' budget shares 14 000 : 2 400 : 600.
    forecast = pd.DataFrame({"unit": [OPKOU], "basis": ["Ennuste 2024"], "net_cost": [17e6]})
    split = function_costs(forecast, tables["key_figures"], config, given).set_index("function")
    assert split.loc["Lukiokoulutus", "net_cost"] == pytest.approx(17e6 * 2_400 / 17_000)


# --- 3. Unit costs ---------------------------------------------------------------------------


def test_unit_costs_against_hand_arithmetic(data, costs, volumes):
    config, tables = data
    table = unit_costs(costs, volumes.reset_index(), tables["key_figures"], config)
    table = table.set_index(["function", "unit_of_measure", "basis"])
    # Varhaiskasvatus TA 2024: 7 913 900 € ÷ (441 × 17 953 ÷ 12 637) lasta
    # = 7 913 900 × 12 637 ÷ 7 917 273 ≈ 12 631,6 €/lapsi; published 12 637: rounding.
    vaka = table.loc[("Varhaiskasvatus", "€/lapsi", "TA 2024")]
    assert vaka["computed"] == pytest.approx(7_913_900 * 12_637 / (441 * 17_953))
    assert vaka["published"] == 12_637 and vaka["published_as"] == "Tavoite"
    assert vaka["difference"] == pytest.approx(12_637 - 7_913_900 * 12_637 / (441 * 17_953))
    assert vaka["explanation"].endswith("ero pyöristystä")
    # Perusopetus TA 2024: (17 056 250 × 779/941) € ÷ (779 × 17 953 ÷ 10 564) oppilasta
    # = 17 056 250 × 10 564 ÷ (941 × 17 953) ≈ 10 665,6 €/oppilas, against 10 564:
    # the €/asukas gap (950,05 vs 941) again, because the count is derived.
    pupils = table.loc[("Perusopetus", "€/oppilas", "TA 2024")]
    assert pupils["computed"] == pytest.approx(17_056_250 * 10_564 / (941 * 17_953))
    assert pupils["volume_status"] == DERIVED
    assert "eikä ole riippumaton tarkistus" in pupils["explanation"]
    assert "ero ei selity pyöristyksellä" in pupils["explanation"]
    assert "€/asukas-lukujen suhteessa" in pupils["split_rule"]
    # TP 2023 against the published forecast 10 052: 17 418 930 × 10 052 ÷ (895 × 17 953).
    tp = table.loc[("Perusopetus", "€/oppilas", "TP 2023")]
    assert tp["computed"] == pytest.approx(17_418_930 * 10_052 / (895 * 17_953))
    assert tp["published_as"] == "Ennuste"
    assert "julkaistu luku on ennuste, laskettu tilinpäätöksestä" in tp["explanation"]
    # Musiikkiopisto TA 2024 per lesson: (17 056 250 × 32/941) ÷ (32 × 17 953 ÷ 65).
    lessons = table.loc[("Musiikkiopisto", "€/opetustunti", "TA 2024")]
    assert lessons["computed"] == pytest.approx(17_056_250 * 65 / (941 * 17_953))
    assert len(table) == 2 * 5  # TP 2023 and TA 2024 × five unit-cost figures


def test_unit_cost_with_a_register_count_is_an_independent_check(data, costs, volumes):
    config, tables = data
    given = volumes.reset_index()
    mask = (given["function"] == "Perusopetus") & (given["year"] == 2024)
    given.loc[mask, ["volume", "volume_low", "volume_high"]] = 1_300.0
    given.loc[mask, "status"] = PUBLISHED
    table = unit_costs(costs, given, tables["key_figures"], config)
    row = table[(table["function"] == "Perusopetus") & (table["basis"] == "TA 2024")].iloc[0]
    assert row["computed"] == pytest.approx(17_056_250 * 779 / 941 / 1_300)  # ≈ 10 861 €
    assert row["computed_low"] == row["computed_high"] == pytest.approx(row["computed"])
    assert "riippumaton" not in row["explanation"]


def test_a_zero_count_gives_no_unit_cost_and_says_why(data, costs, volumes):
    """A register count of 0 (a service not given that year) must not divide: no ∞, no
    "ero pyöristystä" against an infinite range, but a clear sentence."""
    config, tables = data
    given = volumes.reset_index()
    mask = (given["function"] == "Lukiokoulutus") & (given["year"] == 2024)
    given.loc[mask, ["volume", "volume_low", "volume_high"]] = 0.0
    given.loc[mask, "status"] = PUBLISHED
    table = unit_costs(costs, given, tables["key_figures"], config)
    row = table[(table["function"] == "Lukiokoulutus") & (table["basis"] == "TA 2024")].iloc[0]
    assert pd.isna(row["computed"]) and pd.isna(row["difference"])
    assert pd.isna(row["computed_low"]) and pd.isna(row["computed_high"])
    assert row["published"] == 11_612  # the published figure stays for the reader
    assert row["explanation"] == f"opiskelijat 0: {NOT_COMPUTABLE}"


def test_a_published_unit_cost_of_zero_derives_no_count(data):
    config, tables = data
    figures = tables["key_figures"].copy()
    zero = (figures["figure"] == "Lukiokoulutus") & (figures["unit_of_measure"] == "€/opiskelija")
    figures.loc[zero & (figures["year"] == 2024), "value"] = 0.0
    table = unit_cost_volumes(tables["service_volumes"], figures, tables["population"], config)
    students = table[table["function"] == "Lukiokoulutus"]
    assert list(students["year"]) == [2023]  # 2024 would be 130 × 17 953 ÷ 0 = ∞ pupils


def test_forecast_unit_costs(data, volumes):
    config, tables = data
    forecast = forecast_lines(tables["income_statement"], config)
    net = forecast_net_costs(forecast, 2024, "Toimintakate")
    table = forecast_unit_costs(net, volumes.reset_index(), tables["key_figures"], config)
    row = table[(table["function"] == "Perusopetus")].iloc[0]
    opkou = -forecast.set_index(["unit", "line"]).loc[(OPKOU, "Toimintakate"), "forecast"]
    assert row["basis"] == "Ennuste 2024" and row["published_as"] == "Tavoite"
    assert row["computed"] == pytest.approx(opkou * 779 / 941 / (779 * 17_953 / 10_564))
    assert "ennustetta verrataan" in row["explanation"]


def test_indicator_tables_carry_the_unit_cost_tables(data):
    config, tables = data
    out = indicator_tables(tables, config, 2024)
    assert {"unit_cost_volumes", "function_costs", "unit_costs"} <= set(out)
    config, march = build_processed(RAW, "heinola", "2024-03-31")
    out = indicator_tables(march, config, 2024)
    assert "unit_cost_volumes" in out and "unit_costs" not in out  # no statement on 31.3.


# --- The €/asukas gap of Opetus- ja koulutuspalvelut -----------------------------------------


def test_the_970_vs_895_gap_is_taken_apart(data):
    config, tables = data
    per_capita = per_capita_costs(
        statement_net_costs(tables["income_statement"], "Toimintakate"), POPULATION
    )
    table = key_figure_reconciliation(per_capita, tables["key_figures"], config)
    row = table.set_index(["unit", "year"]).loc[(OPKOU, 2023)]
    # 17 418 930 ÷ 17 953 = 970,25 €/as against 740 + 123 + 32 = 895:
    # 895 × 17 953 = 16 067 935 €, so the gap is 17 418 930 − 16 067 935 = 1 350 995 €.
    assert row["published"] == 895
    assert row["difference_eur"] == pytest.approx(-1_350_995)
    text = row["explanation"]
    assert "75,25 €/as (1\xa0350\xa0995 €) suurempi" in text
    # TA 2024: 17 056 250 − 941 × 17 953 = 17 056 250 − 16 893 773 = 162 477 € (9,05 €/as).
    assert "9,05 €/as (162\xa0477 €)" in text
    # The rest, 1 350 995 − 162 477 = 1 188 518 € (66,20 €/as), is flagged as unexplained.
    assert "66,20 €/as (1\xa0188\xa0518 €)" in text and text.endswith("selittämätön")
    assert "ennusteen erotus" in text
    vaka = table.set_index(["unit", "year"]).loc[("Varhaiskasvatus", 2023)]
    # 7 895 640 ÷ 17 953 = 439,79 against 439: within the 1 €/as rounding tolerance.
    assert (
        vaka["explanation"]
        == "julkaistu luku on ennuste, laskettu tilinpäätöksestä; ero pyöristystä"
    )


# --- Bad input -------------------------------------------------------------------------------


def test_unknown_function_in_palvelumaarat_is_an_error(raw_copy):
    path = raw_copy / "heinola" / "palvelumaarat.csv"
    text = path.read_text(encoding="utf-8").replace("Lukiokoulutus;", "Lukio;", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        build_processed(raw_copy, "heinola", "2024-06-30")
    message = str(error.value)
    assert "palvelumaarat.csv" in message and "Lukio" in message and "Tehtävä" in message
    assert "row 6" in message


def test_unknown_volume_in_palvelumaarat_is_an_error(raw_copy):
    path = raw_copy / "heinola" / "palvelumaarat.csv"
    text = path.read_text(encoding="utf-8").replace(";oppilaat;2023", ";pupils;2023", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError, match="unknown service volume 'pupils'"):
        build_processed(raw_copy, "heinola", "2024-06-30")


def test_unit_costs_must_name_a_function_of_key_figure_units(raw_copy):
    path = raw_copy / "heinola" / "entity.yml"
    text = path.read_text(encoding="utf-8").replace("  Perusopetus: {€/oppilas", "  Perus: {€/op")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError, match="unit_cost_figures names 'Perus'"):
        build_processed(raw_copy, "heinola", "2024-06-30")


def _write_function_costs(raw, rows):
    path = raw / "heinola" / "2024-06-30" / "tehtavien_nettokustannukset.csv"
    path.write_text("Tehtävä;TP 2023;TA 2024\n" + "".join(f"{r}\n" for r in rows), "utf-8")


def test_optional_function_cost_table_is_read_and_used(raw_copy):
    _write_function_costs(
        raw_copy,
        [
            "Perusopetus;-14 500 000;-14 100 000",
            "Lukiokoulutus;-2 300 000;-2 356 250",
            "Musiikkiopisto;-618 930;-600 000",
        ],
    )
    config, tables = build_processed(raw_copy, "heinola", "2024-06-30")
    out = indicator_tables(tables, config, 2024)
    costs = out["function_costs"].set_index(["function", "basis"])
    # The given amounts add up to the unit: 14 500 000 + 2 300 000 + 618 930 = 17 418 930.
    assert costs.loc[("Perusopetus", "TP 2023"), "net_cost"] == 14_500_000
    assert costs.loc[("Perusopetus", "TP 2023"), "split_rule"] == GIVEN_RULE
    row = out["unit_costs"].set_index(["function", "basis"]).loc[("Lukiokoulutus", "TA 2024")]
    # 2 356 250 € ÷ (130 × 17 953 ÷ 11 612) opiskelijaa.
    assert row["computed"] == pytest.approx(2_356_250 * 11_612 / (130 * 17_953))
    assert "jakoperuste" not in row["explanation"]


def test_unknown_function_in_function_costs_is_an_error(raw_copy):
    _write_function_costs(raw_copy, ["Perusopetus;-1;-1", "Esiopetus;-1;-1"])
    with pytest.raises(InputDataError) as error:
        build_processed(raw_copy, "heinola", "2024-06-30")
    message = str(error.value)
    assert "tehtavien_nettokustannukset.csv" in message and "row 3" in message
    assert "unknown function 'Esiopetus'" in message


# --- Fast: service volumes from a few published figures, without the clean stage -----------


def small_inputs():
    key_figures = pd.DataFrame(
        [
            ("Perusopetus", "€/asukas", 2024, "Tavoite", 779.0),
            ("Perusopetus", "€/oppilas", 2024, "Tavoite", 10_564.0),
            ("Perusopetus", "€/asukas", 2022, "Toteutuma", 729.0),
            ("Perusopetus", "€/oppilas", 2022, "Toteutuma", 9_856.0),
            ("Varhaiskasvatus", "€/lapsi", 2023, "Ennuste", 12_169.0),  # no €/asukas: no pair
        ],
        columns=["figure", "unit_of_measure", "year", "value_type", "value"],
    )
    given = pd.DataFrame(
        {
            "function": ["Perusopetus", "Perusopetus"],
            "volume_name": ["oppilaat", "oppilaat"],
            "year": [2023, 2024],
            "statistical_date": [pd.Timestamp("2023-09-20"), pd.Timestamp("2024-09-20")],
            "volume": [1_310.0, math.nan],  # 2024 not counted yet: derived instead
            "definition": ["perusopetuksen oppilaat", None],
            "source": ["Vipunen", "Vipunen"],
        }
    )
    population = pd.DataFrame({"date": [pd.Timestamp("2023-12-31")], "population": [17_953]})
    return given, key_figures, population


def test_volumes_given_or_derived_from_a_published_pair(heinola):
    given, key_figures, population = small_inputs()
    table = unit_cost_volumes(given, key_figures, population, heinola)
    rows = table.set_index(["function", "volume_name", "year"])
    assert list(rows.index) == [
        ("Perusopetus", "oppilaat", 2023),
        ("Perusopetus", "oppilaat", 2024),
    ]
    counted = rows.loc[("Perusopetus", "oppilaat", 2023)]
    assert (counted["volume"], counted["volume_low"], counted["volume_high"]) == (1_310,) * 3
    assert counted["status"] == PUBLISHED and counted["derivation"] == "Vipunen, 20.9.2023"
    assert counted["definition"] == "perusopetuksen oppilaat" and counted["unit_of_measure"] == (
        "€/oppilas"
    )
    assert math.isnan(counted["per_resident"]) and pd.isna(counted["population_date"])
    # 779 €/asukas × 17 953 asukasta ÷ 10 564 €/oppilas = 13 985 387 / 10 564 ≈ 1 323,9.
    derived = rows.loc[("Perusopetus", "oppilaat", 2024)]
    assert derived["volume"] == pytest.approx(13_985_387 / 10_564)
    assert derived["volume_low"] == pytest.approx(778.5 * 17_953 / 10_564.5)
    assert derived["volume_high"] == pytest.approx(779.5 * 17_953 / 10_563.5)
    assert derived["status"] == DERIVED and derived["definition"] == ""
    assert derived["derivation"].replace("\xa0", " ") == (
        f"{DERIVED}: 779 €/asukas × 17 953 asukasta ÷ 10 564 €/oppilas (tavoite 2024)"
    )
    assert (derived["per_resident"], derived["per_unit"], derived["population"]) == (
        779,
        10_564,
        17_953,
    )
    assert derived["population_date"] == pd.Timestamp("2023-12-31")
    assert derived["statistical_date"] == pd.Timestamp("2024-09-20")
    # 2022 has its pair, but no population fits a year before the first count (2023).
    assert 2022 not in rows.index.get_level_values("year")
    # Without any given count the pair of 2024 is still derived.
    alone = unit_cost_volumes(given.iloc[:0], key_figures, population, heinola)
    assert alone["year"].tolist() == [2024] and alone["source"].tolist() == [""]


# --- Fast checks of the split, the unit cost and its explanation (no processed tables) ------

OPKOU_FUNCTIONS = ("Perusopetus", "Lukiokoulutus", "Musiikkiopisto")


def per_resident_figures(year, values, value_type="Tavoite"):
    """Published €/asukas key figures of the OPKOU functions for one year."""
    return pd.DataFrame(
        {
            "figure": list(OPKOU_FUNCTIONS),
            "unit_of_measure": ["€/asukas"] * 3,
            "year": [year] * 3,
            "value_type": [value_type] * 3,
            "value": [float(v) for v in values],
        }
    )


def test_a_units_net_cost_split_by_the_functions_per_resident_figures(heinola):
    net = pd.DataFrame({"unit": [OPKOU], "basis": ["TA 2024"], "net_cost": [941_000.0]})
    # The same year's 779 : 130 : 32 (sum 941) split 941 000 € into 779 000, 130 000, 32 000;
    # another year's figures (2023) must not be used.
    figures = pd.concat(
        [per_resident_figures(2024, (779, 130, 32)), per_resident_figures(2023, (1, 1, 1))]
    )
    table = function_costs(net, figures, heinola).set_index("function")
    assert table["net_cost"].to_dict() == pytest.approx(
        {"Perusopetus": 779_000, "Lukiokoulutus": 130_000, "Musiikkiopisto": 32_000}
    )
    assert table.loc["Lukiokoulutus", "share"] == pytest.approx(130 / 941)
    assert (table["year"] == 2024).all() and (table["unit_net_cost"] == 941_000).all()
    assert table.loc["Perusopetus", "split_rule"].replace("\xa0", " ") == (
        "jaettu tehtävien julkaistujen €/asukas-lukujen suhteessa "
        "(tavoite 2024: Perusopetus 779, Lukiokoulutus 130, Musiikkiopisto 32)"
    )
    # Without a figure for every function the unit is not split at all.
    assert function_costs(net, figures.iloc[1:], heinola).empty


def test_given_function_costs_with_a_gap_and_the_forecast_split_by_budget(heinola):
    given = pd.DataFrame(
        {
            "function": list(OPKOU_FUNCTIONS),
            "prior_year": [-700_000.0, -200_000.0, -100_000.0],
            "budget": [-600_000.0, -300_000.0, -100_000.0],
        }
    )
    net = pd.DataFrame(
        {
            "unit": [OPKOU] * 3,
            "basis": ["TP 2023", "TA 2024", "Ennuste 2024"],
            "net_cost": [1_000_000.0, 1_001_000.0, 2_000_000.0],
        }
    )
    table = function_costs(net, pd.DataFrame(columns=["figure"]), heinola, given)
    table = table.set_index(["function", "basis"])
    # TP takes the given prior-year costs, TA the budgets, each with its sign turned.
    assert table.loc[("Perusopetus", "TP 2023"), "net_cost"] == 700_000
    assert table.loc[("Perusopetus", "TA 2024"), "net_cost"] == 600_000
    # TP adds up (no gap); TA leaves 1 001 000 − 1 000 000 = 1 000 € to no function.
    assert table.loc[("Lukiokoulutus", "TP 2023"), "split_rule"] == GIVEN_RULE
    assert table.loc[("Lukiokoulutus", "TA 2024"), "split_rule"].replace("\xa0", " ") == (
        f"{GIVEN_RULE}; palvelualueen toimintakatteesta jää tehtäville jakamatta 1 000 €"
    )
    # The forecast of 2 000 000 € is split 600 : 300 : 100 as the budget.
    assert table.loc[("Lukiokoulutus", "Ennuste 2024"), "net_cost"] == pytest.approx(600_000)
    assert table.loc[("Musiikkiopisto", "Ennuste 2024"), "share"] == pytest.approx(0.1)
    assert table.loc[("Perusopetus", "Ennuste 2024"), "split_rule"] == (
        "ennuste jaettu tehtävien talousarvio-osuuksien suhteessa"
    )


def one_cost(net_cost=1_000_000.0, basis="TA 2024", rule="oma jako", function="Perusopetus"):
    return pd.DataFrame(
        {
            "unit": [OPKOU],
            "function": [function],
            "basis": [basis],
            "year": [int(basis[-4:])],
            "unit_net_cost": [2_000_000.0],
            "share": [0.5],
            "net_cost": [net_cost],
            "split_rule": [rule],
        }
    )


def one_volume(volume=100.0, low=98.0, high=102.0, status=DERIVED, year=2024, **more):
    row = {
        "function": "Perusopetus",
        "volume_name": "oppilaat",
        "year": year,
        "volume": volume,
        "volume_low": low,
        "volume_high": high,
        "status": status,
        "source": "Vipunen",
    }
    return pd.DataFrame([row | more])


def published(value, value_type="Tavoite", year=2024, unit="€/oppilas"):
    return pd.DataFrame(
        {
            "figure": ["Perusopetus"],
            "unit_of_measure": [unit],
            "year": [year],
            "value_type": [value_type],
            "value": [float(value)],
        }
    )


def test_unit_cost_is_net_cost_over_volume_with_its_range_and_the_published_gap(heinola):
    figures = pd.concat([published(10_100), published(1, year=2023), published(2, unit="€/x")])
    table = unit_costs(one_cost(), one_volume(), figures, heinola)
    assert len(table) == 1
    row = table.iloc[0]
    # 1 000 000 € ÷ 100 oppilasta = 10 000 €/oppilas; ÷ 102 … ÷ 98 = 9 803,92 … 10 204,08.
    assert row["computed"] == pytest.approx(10_000)
    assert row["computed_low"] == pytest.approx(1e6 / 102)
    assert row["computed_high"] == pytest.approx(1e6 / 98)
    assert (row["published"], row["published_as"]) == (10_100, "Tavoite")
    assert row["difference"] == pytest.approx(100)  # published − computed
    assert (row["net_cost"], row["split_share"], row["volume"]) == (1e6, 0.5, 100)
    assert (row["unit"], row["basis"], row["year"]) == (OPKOU, "TA 2024", 2024)
    assert (row["unit_of_measure"], row["volume_name"]) == ("€/oppilas", "oppilaat")
    assert (row["split_rule"], row["volume_status"]) == ("oma jako", DERIVED)
    # 10 100 lies inside 9 803,92 … 10 204,08 (± 0,5): rounding explains it. The split and the
    # derived count are both said.
    assert row["explanation"] == (
        "tehtävän kustannus on jaettu palvelualueen toimintakatteesta (ks. jakoperuste); "
        f"oppilaat on {DERIVED}, joten ero toistaa €/asukas-täsmäytyksen eron eikä ole "
        "riippumaton tarkistus: tarkista määrä lähteestä (Vipunen); ero pyöristystä"
    )


def test_unit_costs_match_volume_by_name_and_year_and_say_when_nothing_is_published(heinola):
    other_year = one_volume(year=2023)
    other_name = one_volume(volume_name="lapset")
    assert unit_costs(one_cost(), pd.concat([other_year, other_name]), published(1), heinola).empty
    table = unit_costs(one_cost(), one_volume(), published(1, year=2023), heinola)
    row = table.iloc[0]
    assert math.isnan(row["published"]) and row["published_as"] == ""
    assert math.isnan(row["difference"])
    assert row["explanation"] == "julkaistua vertailulukua ei ole"


@pytest.mark.parametrize(
    ("volume", "low", "high"),
    [(0.0, 0.0, 0.0), (100.0, -1.0, 200.0), (100.0, 50.0, 0.0), (0.0, 50.0, 150.0)],
)
def test_no_unit_cost_when_any_end_of_the_count_is_not_positive(heinola, volume, low, high):
    table = unit_costs(one_cost(), one_volume(volume, low, high), published(10_000), heinola)
    row = table.iloc[0]
    assert math.isnan(row["computed"]) and math.isnan(row["computed_low"])
    assert math.isnan(row["computed_high"])
    shown = format_number(volume)
    assert row["explanation"] == f"oppilaat {shown}: {NOT_COMPUTABLE}"


def explained(published_value, low, high, basis="TA 2024", published_as="Tavoite", **more):
    row = {
        "volume_name": "oppilaat",
        "volume": 100.0,
        "computed": 100.0,
        "computed_low": low,
        "computed_high": high,
        "published": published_value,
        "published_as": published_as,
        "basis": basis,
        "split_rule": WHOLE_UNIT_RULE,
        "volume_status": PUBLISHED,
    } | more
    return explain_unit_cost(row, pd.Series({"source": more.get("source", "")}))


def test_rounding_explains_a_gap_up_to_half_the_published_last_digit():
    # Published 102 (whole euros: ± 0,5) against 99 … 101,5: 101,5 + 0,5 = 102 is still inside.
    assert explained(102.0, 99.0, 101.5) == "ero pyöristystä"
    assert explained(102.0, 99.0, 101.4) == "ero ei selity pyöristyksellä"
    # Published 97 against 97,5 … 101: 97,5 − 0,5 = 97 is inside, 96 is not.
    assert explained(97.0, 97.5, 101.0) == "ero pyöristystä"
    assert explained(96.0, 97.5, 101.0) == "ero ei selity pyöristyksellä"
    # Published 101,5 (± 0,05) against 99 … 101,4: outside.
    assert explained(101.5, 99.0, 101.4) == "ero ei selity pyöristyksellä"


def test_the_explanation_names_what_the_comparison_rests_on():
    # TP against a published forecast: said; against the actual (Toteutuma): nothing to say.
    assert explained(100.0, 99.0, 101.0, basis="TP 2023", published_as="Ennuste") == (
        "julkaistu luku on ennuste, laskettu tilinpäätöksestä; ero pyöristystä"
    )
    assert explained(100.0, 99.0, 101.0, basis="TP 2023", published_as="Toteutuma") == (
        "ero pyöristystä"
    )
    assert explained(100.0, 99.0, 101.0, basis="Ennuste 2024") == (
        "ennustetta verrataan julkaistuun lukuun (tavoite); ero pyöristystä"
    )
    # Given function costs are no split; a derived count without a known source says so.
    assert explained(100.0, 99.0, 101.0, split_rule=GIVEN_RULE) == "ero pyöristystä"
    assert explained(100.0, 99.0, 101.0, volume_status=DERIVED) == (
        f"oppilaat on {DERIVED}, joten ero toistaa €/asukas-täsmäytyksen eron eikä ole "
        "riippumaton tarkistus: tarkista määrä lähteestä (lähde ei tiedossa); ero pyöristystä"
    )


def volume_rows(*rows):
    return pd.DataFrame(
        [
            {"function": f, "volume_name": v, "source_file": "palvelumaarat.csv", "source_row": r}
            for f, v, r in rows
        ]
    )


def test_unit_cost_inputs_name_only_declared_functions_and_volumes(heinola):
    good = volume_rows(("Perusopetus", "oppilaat", 2), ("Musiikkiopisto", "opetustunnit", 3))
    assert check_unit_cost_inputs({"service_volumes": good}, heinola) is None
    assert check_unit_cost_inputs({"service_volumes": good.iloc[0:0]}, heinola) is None
    with pytest.raises(InputDataError) as typo:
        check_unit_cost_inputs(
            {"service_volumes": volume_rows(("Perusopetus", "oppilaat", 2), ("Lukio", "x", 7))},
            heinola,
        )
    assert (typo.value.file, typo.value.row, typo.value.column) == (
        "palvelumaarat.csv",
        7,
        "Tehtävä",
    )
    assert typo.value.reason == (
        "unknown function 'Lukio' (entity.yml declares: Lukiokoulutus, Musiikkiopisto, "
        "Perusopetus, Varhaiskasvatus, Virikkeellinen elämä nettokustannukset)"
    )
    with pytest.raises(InputDataError) as volume:
        check_unit_cost_inputs(
            {"service_volumes": volume_rows(("Perusopetus", "lapset", 4))}, heinola
        )
    assert (volume.value.row, volume.value.column) == (4, "Suorite")
    assert volume.value.reason == "unknown service volume 'lapset' (entity.yml declares: oppilaat)"
    unit_only = "Virikkeellinen elämä nettokustannukset"
    with pytest.raises(InputDataError, match=r"declares: none\)$"):
        check_unit_cost_inputs({"service_volumes": volume_rows((unit_only, "käynnit", 5))}, heinola)


def test_function_net_costs_are_checked_for_the_function_only(heinola):
    costs = pd.DataFrame(
        {"function": ["Perusopetus"], "source_file": ["tnk.csv"], "source_row": [2]}
    )
    assert check_unit_cost_inputs({"function_net_costs": costs}, heinola) is None
    costs.loc[0, "function"] = "Perusopetuss"
    with pytest.raises(InputDataError) as error:
        check_unit_cost_inputs({"function_net_costs": costs}, heinola)
    assert (error.value.file, error.value.row, error.value.column) == ("tnk.csv", 2, "Tehtävä")


def test_forecast_unit_costs_split_the_forecast_and_compare_it_with_the_target(heinola):
    """The year-end forecast of each unit, split among its functions, over the year's volume,
    against the published target; a unit without functions and a volume of another year give
    no row."""
    net = pd.DataFrame(
        {
            "unit": [OPKOU, "Varhaiskasvatus", "Hyvinvointilautakunnan toimiala"],
            "basis": ["Ennuste 2024"] * 3,
            "net_cost": [12_233_000.0, 8_000_000.0, 5_000_000.0],
        }
    )
    figures = pd.concat(
        [
            per_resident_figures(2024, (779, 130, 32)),
            published(10_564),
            published(65, unit="€/opetustunti").assign(figure="Musiikkiopisto"),
            published(12_637, unit="€/lapsi").assign(figure="Varhaiskasvatus"),
        ]
    )
    volumes = pd.concat(
        [
            one_volume(1_000.0, 1_000.0, 1_000.0, status=PUBLISHED),
            one_volume(6_400.0, 6_400.0, 6_400.0, status=PUBLISHED).assign(
                function="Musiikkiopisto", volume_name="opetustunnit"
            ),
            one_volume(640.0, 630.0, 650.0).assign(
                function="Varhaiskasvatus", volume_name="lapset"
            ),
            one_volume(190.0, 190.0, 190.0, year=2023).assign(
                function="Lukiokoulutus", volume_name="opiskelijat"
            ),
        ]
    )
    table = forecast_unit_costs(net, volumes, figures, heinola)
    assert list(zip(table["function"], table["unit_of_measure"], strict=True)) == [
        ("Perusopetus", "€/oppilas"),
        ("Musiikkiopisto", "€/opetustunti"),
        ("Varhaiskasvatus", "€/lapsi"),
    ]
    assert (table["basis"] == "Ennuste 2024").all() and (table["year"] == 2024).all()
    rows = table.set_index("function")
    # 12 233 000 = 941 × 13 000 split 779 : 130 : 32: Perusopetus 779 × 13 000 = 10 127 000 €,
    # ÷ 1 000 oppilasta = 10 127 €/oppilas, 10 564 − 10 127 = 437 below the target.
    pupils = rows.loc["Perusopetus"]
    assert pupils["net_cost"] == pytest.approx(10_127_000)
    assert pupils["split_share"] == pytest.approx(779 / 941)
    assert pupils["computed"] == pytest.approx(10_127)
    assert (pupils["published"], pupils["published_as"]) == (10_564, "Tavoite")
    assert pupils["difference"] == pytest.approx(437)
    assert pupils["explanation"] == (
        "ennustetta verrataan julkaistuun lukuun (tavoite); tehtävän kustannus on jaettu "
        "palvelualueen toimintakatteesta (ks. jakoperuste); ero ei selity pyöristyksellä"
    )
    # Musiikkiopisto 32 × 13 000 = 416 000 € ÷ 6 400 tuntia = 65 €/opetustunti: the target.
    lessons = rows.loc["Musiikkiopisto"]
    assert lessons["computed"] == pytest.approx(65) and lessons["difference"] == pytest.approx(0)
    assert lessons["explanation"].endswith("; ero pyöristystä")
    # Varhaiskasvatus is the unit's only function: 8 000 000 € ÷ 640 lasta = 12 500 €/lapsi,
    # 8 000 000 ÷ 650 = 12 307,69 … 8 000 000 ÷ 630 = 12 698,41, which holds 12 637.
    children = rows.loc["Varhaiskasvatus"]
    assert (children["net_cost"], children["split_share"]) == (8_000_000, 1.0)
    assert children["split_rule"] == WHOLE_UNIT_RULE
    assert children["computed"] == pytest.approx(12_500)
    assert children["computed_low"] == pytest.approx(8e6 / 650)
    assert children["computed_high"] == pytest.approx(8e6 / 630)
    assert children["explanation"] == (
        f"ennustetta verrataan julkaistuun lukuun (tavoite); lapset on {DERIVED}, joten ero "
        "toistaa €/asukas-täsmäytyksen eron eikä ole riippumaton tarkistus: tarkista määrä "
        "lähteestä (Vipunen); ero pyöristystä"
    )
    # With given function costs the forecast follows the budget shares 600 : 300 : 100:
    # 2 000 000 € → Perusopetus 1 200 000 € ÷ 1 000 = 1 200 €/oppilas.
    given = pd.DataFrame(
        {
            "function": list(OPKOU_FUNCTIONS),
            "prior_year": [-1.0, -1.0, -1.0],
            "budget": [-600_000.0, -300_000.0, -100_000.0],
        }
    )
    opkou = net.iloc[:1].assign(net_cost=2_000_000.0)
    by_budget = forecast_unit_costs(opkou, volumes, figures, heinola, given).set_index("function")
    assert by_budget.loc["Perusopetus", "computed"] == pytest.approx(1_200)
    assert by_budget.loc["Perusopetus", "split_rule"] == (
        "ennuste jaettu tehtävien talousarvio-osuuksien suhteessa"
    )
    # Musiikkiopisto 200 000 € ÷ 6 400 tuntia = 31,25 €/opetustunti.
    assert by_budget.loc["Musiikkiopisto", "computed"] == pytest.approx(31.25)


# --- Fast edges: counts by function and name, printed decimals, what cannot be split ---------


def test_counts_are_matched_by_function_and_name_and_printed_as_published(heinola):
    given = pd.DataFrame(
        {
            "function": ["Lukiokoulutus", "Musiikkiopisto"],
            "volume_name": ["opiskelijat", "opiskelijat"],
            "year": [2024, 2024],
            "statistical_date": [pd.Timestamp("2024-09-20"), pd.NaT],
            "volume": [190.0, 480.0],
            "definition": [None, None],
            "source": ["Vipunen", "oppilaitos"],
        }
    )
    key_figures = pd.DataFrame(
        [
            ("Musiikkiopisto", "€/asukas", 2024, "Tavoite", 32.25),
            ("Musiikkiopisto", "€/opetustunti", 2024, "Tavoite", 65.5),
            ("Lukiokoulutus", "€/asukas", 2023, "Ennuste", 123.0),
            ("Lukiokoulutus", "€/opiskelija", 2023, "Ennuste", 0.0),  # ÷ 0: no count
            ("Perusopetus", "€/asukas", 2024, "Tavoite", 2.0),
            ("Perusopetus", "€/oppilas", 2024, "Tavoite", 1.0),  # small, but positive
        ],
        columns=["figure", "unit_of_measure", "year", "value_type", "value"],
    )
    population = pd.DataFrame({"date": [pd.Timestamp("2023-12-31")], "population": [17_953]})
    table = unit_cost_volumes(given, key_figures, population, heinola)
    rows = table.set_index(["function", "volume_name", "year"])
    assert list(rows.index) == [
        ("Perusopetus", "oppilaat", 2024),
        ("Lukiokoulutus", "opiskelijat", 2024),
        ("Musiikkiopisto", "opiskelijat", 2024),
        ("Musiikkiopisto", "opetustunnit", 2024),
    ]
    # Each function keeps its own count of the same name; a count without a date names only
    # its source.
    assert rows.loc[("Lukiokoulutus", "opiskelijat", 2024), "volume"] == 190
    assert rows.loc[("Lukiokoulutus", "opiskelijat", 2024), "derivation"] == "Vipunen, 20.9.2024"
    assert rows.loc[("Musiikkiopisto", "opiskelijat", 2024), "volume"] == 480
    assert rows.loc[("Musiikkiopisto", "opiskelijat", 2024), "derivation"] == "oppilaitos"
    # 2 €/asukas × 17 953 ÷ 1 €/oppilas = 35 906; 1,5 × 17 953 ÷ 1,5 = 17 953 …
    # 2,5 × 17 953 ÷ 0,5 = 89 765.
    pupils = rows.loc[("Perusopetus", "oppilaat", 2024)]
    assert (pupils["volume"], pupils["volume_low"], pupils["volume_high"]) == pytest.approx(
        (35_906, 17_953, 89_765)
    )
    # 32,25 × 17 953 = 578 984,25 € ÷ 65,5 €/opetustunti ≈ 8 839,5 tuntia, printed with the
    # decimals of the published figures.
    lessons = rows.loc[("Musiikkiopisto", "opetustunnit", 2024)]
    assert lessons["volume"] == pytest.approx(578_984.25 / 65.5)
    assert lessons["derivation"].replace("\xa0", " ") == (
        f"{DERIVED}: 32,25 €/asukas × 17 953 asukasta ÷ 65,5 €/opetustunti (tavoite 2024)"
    )
    # The dates stay dates where none is known: only given counts, or only derived ones.
    given_only = unit_cost_volumes(given, key_figures.iloc[0:0], population, heinola)
    assert pd.api.types.is_datetime64_any_dtype(given_only["population_date"])
    derived_only = unit_cost_volumes(given.iloc[0:0], key_figures, population, heinola)
    assert pd.api.types.is_datetime64_any_dtype(derived_only["statistical_date"])


FUNCTION_COST_COLUMNS = [
    "unit",
    "function",
    "basis",
    "year",
    "unit_net_cost",
    "share",
    "net_cost",
    "split_rule",
]


def test_units_that_cannot_be_split_are_left_out_and_the_rest_still_split(heinola):
    net = pd.DataFrame(
        {
            "unit": ["Tuntematon yksikkö", OPKOU, "Varhaiskasvatus", "Virkkeellinen elämä"],
            "basis": ["TA 2024"] * 4,
            "net_cost": [1_000.0, 941_000.0, 0.0, 250_000.0],
        }
    )
    # No €/asukas figures: OPKOU cannot be split; the single-function units can.
    no_figures = published(1).iloc[0:0]
    table = function_costs(net, no_figures, heinola)
    assert list(table.columns) == FUNCTION_COST_COLUMNS
    assert table["unit"].tolist() == ["Varhaiskasvatus", "Virkkeellinen elämä"]
    assert table["function"].tolist() == [
        "Varhaiskasvatus",
        "Virikkeellinen elämä nettokustannukset",
    ]
    # A net cost of zero has no share of itself to give; 250 000 € is all of its unit's.
    assert math.isnan(table["share"][0]) and table["net_cost"][0] == 0
    assert (table["share"][1], table["net_cost"][1]) == (1.0, 250_000)
    # Nothing at all to split: the columns are still there for the reader.
    empty = function_costs(net.iloc[:2], no_figures, heinola)
    assert empty.empty and list(empty.columns) == FUNCTION_COST_COLUMNS
    # A function without a unit-cost figure (Virikkeellinen elämä) gives no unit cost, and
    # no unit cost at all still has its columns.
    costs = unit_costs(table, one_volume(), published(1), heinola)
    assert costs.empty and "computed" in costs.columns and "explanation" in costs.columns


def test_a_gap_of_half_a_euro_is_rounding_and_the_rule_names_the_first_figures_type(heinola):
    given = pd.DataFrame(
        {
            "function": list(OPKOU_FUNCTIONS),
            "prior_year": [-700_000.0, -200_000.0, -100_000.0],
            "budget": [-600_000.0, -300_000.0, -100_000.0],
        }
    )
    net = pd.DataFrame(
        {
            "unit": [OPKOU] * 2,
            "basis": ["TP 2023", "TA 2024"],
            "net_cost": [1_000_000.5, 1_000_001.0],
        }
    )
    table = function_costs(net, pd.DataFrame(columns=["figure"]), heinola, given)
    rules = table.drop_duplicates("basis").set_index("basis")["split_rule"]
    # 1 000 000,50 − 1 000 000 = 0,50 €: the print's rounding, not a gap; 1 € is a gap.
    assert rules["TP 2023"] == GIVEN_RULE
    assert rules["TA 2024"].replace("\xa0", " ") == (
        f"{GIVEN_RULE}; palvelualueen toimintakatteesta jää tehtäville jakamatta 1 €"
    )
    figures = per_resident_figures(2024, (779, 130, 32), "Ennuste")
    figures.loc[0, "value_type"] = "Tavoite"
    split = function_costs(net.iloc[1:], figures, heinola)
    assert "(tavoite 2024: Perusopetus 779," in split["split_rule"][0]


def test_the_basis_year_is_the_last_word():
    assert basis_year("Ennuste 2024") == ("Ennuste", 2024)
    assert basis_year("Muutettu TA 2025") == ("Muutettu TA", 2025)


def test_a_count_of_one_gives_the_whole_net_cost_per_unit(heinola):
    # 1 000 000 € ÷ 1 oppilas = 1 000 000 €/oppilas; a count of one is a count.
    table = unit_costs(one_cost(), one_volume(1.0, 1.0, 1.0), published(10_000), heinola)
    row = table.iloc[0]
    assert (row["computed"], row["computed_low"], row["computed_high"]) == (1e6, 1e6, 1e6)
    assert row["difference"] == 10_000 - 1e6
