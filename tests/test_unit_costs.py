"""Unit costs, service volumes, the cost split and the €/asukas gap, checked against hand
arithmetic on the source report's printed figures (Tunnusluvut and the statements)."""

import math

import pandas as pd
import pytest
from conftest import RAW

from helpers.clean import build_processed
from helpers.errors import InputDataError
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
    derive_volume,
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
