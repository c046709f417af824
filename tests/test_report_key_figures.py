"""Tunnusluvut (``helpers.report.key_figures``) against the source document.

Expected values are hand arithmetic on the source report's printed figures (Tunnusluvut,
the statements) and data/raw/heinola: population 17 953 (vaesto.csv, 31.12.2023),
Opetus- ja koulutuspalvelut toimintakate TP 2023 −17 418 930 € and TA 2024 −17 056 250 €,
Varhaiskasvatus TA 2024 −7 913 900 €.
"""

import functools

import pytest
from conftest import FIXTURES
from report_data import (
    embedded,
    embedded_sections,
    plain,
    report_data,
    rows_of,
    shown,
    with_tables,
)

from helpers.indicators import forecast_net_costs, latest_population, per_capita_costs
from helpers.report.key_figures import key_figure_section
from helpers.report.model import ReportData
from helpers.report.templates import render_section
from helpers.report.unit_cost_tables import unit_cost_content
from helpers.unit_costs import DERIVED, PUBLISHED, forecast_unit_costs, unit_costs

POPULATION = 17_953
OPKOU = "Opetus- ja koulutuspalvelut"
OPKOU_TA_2024 = 17_056_250

# "Ulkopuolinen rahoitus/€" in the source report's key-figure table, whose header reads
# "Toteutuma 2022 Ennuste 2023 Tavoite 2024": euros per service area (e.g. "493 000 €").
EXTERNAL_FUNDING_EUR = {
    "Varhaiskasvatuspalv.": {
        "Toteutuma 2022": "341 842",
        "Ennuste 2023": "493 000",
        "Tavoite 2024": "200 000",
    },
    "opetus- ja koulutuspalv.": {
        "Toteutuma 2022": "386 735",
        "Ennuste 2023": "430 000",
        "Tavoite 2024": "430 000",
    },
    "virikkeellinen elämä": {
        "Toteutuma 2022": "197 962",
        "Ennuste 2023": "160 000",
        "Tavoite 2024": "150 000",
    },
    "hyvinvoinnin ja terveyden edistäminen": {
        "Toteutuma 2022": "",
        "Ennuste 2023": "",
        "Tavoite 2024": "25 000",
    },
}


@functools.cache
def with_forecast() -> ReportData:
    """The embedded period plus what the forecast stage (30_forecast) writes for key figures."""
    data = embedded()
    forecast = data.dataset("forecast")
    net = forecast_net_costs(forecast, 2024, data.config.net_line)
    residents, _ = latest_population(data.dataset("population"))
    return with_tables(
        forecast_per_capita=per_capita_costs(net, residents),
        forecast_unit_costs=forecast_unit_costs(
            net,
            data.dataset("unit_cost_volumes"),
            data.dataset("key_figures"),
            data.config,
            data.dataset("function_net_costs"),
        ),
    )


def by_basis(table, label):
    return {row["Peruste"]: row for row in rows_of(table, label)}


# --- Per capita, HYTE, funding (as before) -------------------------------------------------


def test_external_funding_is_shown_in_euros_as_printed():
    table = embedded_sections()["tunnusluvut"].content.external_funding
    assert table.index_label == "Ulkopuolinen rahoitus, €"
    assert shown(table) == EXTERNAL_FUNDING_EUR


def test_per_capita_net_cost():
    content = embedded_sections()["tunnusluvut"].content
    department = shown(content.per_capita)["Hyvinvointitoimiala"]
    # −toimintakate ÷ population: TA 2024 −29 922 850 € (source report) ÷ 17 953 residents
    # (data/raw/heinola/vaesto.csv) = 1 666,73 €/asukas.
    assert content.population == POPULATION
    assert department["TA 2024"] == "1 666,73"


# --- Unit costs ----------------------------------------------------------------------------


def test_unit_costs_for_tp_ta_and_the_forecast_with_volume_and_cost_base():
    content = key_figure_section(with_forecast()).content.unit_costs
    pupils = by_basis(content.table, "Perusopetus, €/oppilas")
    assert list(pupils) == ["TP 2023", "TA 2024", "Ennuste 2024"]
    ta = pupils["TA 2024"]
    # Perusopetus' share of OPKOU by the published €/asukas targets 779 : 130 : 32 (sum 941):
    # 17 056 250 × 779 ÷ 941 = 14 119 892 €, split from the unit's cost, so marked.
    assert ta["Nettokustannus, €"] == "14 119 892 (jaettu)"
    # Pupils derived: 779 €/asukas × 17 953 ÷ 10 564 €/oppilas = 1 323,87 → 1 324.
    assert ta["Suoritemäärä"] == "1 324 (johdettu)"
    # 14 119 892,14 ÷ 1 323,872 = 17 056 250 × 10 564 ÷ (941 × 17 953) = 10 665,60 €/oppilas.
    assert ta["Laskettu"] == "10 665,60"
    assert ta["Julkaistu"] == "10 564 (tavoite)"
    assert ta["Ero"] == "-101,60"
    # 950,05 €/asukas computed against 941 published: beyond rounding, and the same gap.
    assert ta["Selitys"] == (
        "määrä johdettu, joten ero toistaa €/asukas-täsmäytyksen eron; ero ei selity pyöristyksellä"
    )
    full = content.table.frame.loc["Perusopetus"].iloc[1]["Selitys"]
    assert "eikä ole riippumaton tarkistus" in full and "(ks. jakoperuste)" in full
    # TP 2023 against the published forecast 10 052: 17 418 930 × 10 052 ÷ (895 × 17 953).
    assert pupils["TP 2023"]["Laskettu"] == "10 897,17"
    assert pupils["TP 2023"]["Julkaistu"] == "10 052 (ennuste)"
    # The forecast: the model's OPKOU net cost, split by the same 779/941, over the same pupils.
    forecast = with_forecast().dataset("forecast").set_index(["unit", "line"])
    opkou = -forecast.loc[(OPKOU, "Toimintakate"), "forecast"]
    expected = opkou * 779 / 941 / (779 * POPULATION / 10_564)
    assert pupils["Ennuste 2024"]["Laskettu"] == f"{expected:,.2f}".replace(",", " ").replace(
        ".", ","
    )
    assert pupils["Ennuste 2024"]["Julkaistu"] == "10 564 (tavoite)"
    # Varhaiskasvatus is a unit of its own: its whole cost, no split mark.
    # 7 913 900 × 12 637 ÷ (441 × 17 953) = 12 631,62 €/lapsi.
    children = by_basis(content.table, "Varhaiskasvatus, €/lapsi")["TA 2024"]
    assert children["Nettokustannus, €"] == "7 913 900"
    assert children["Laskettu"] == "12 631,62"
    # Musiikkiopisto per lesson: 17 056 250 × 65 ÷ (941 × 17 953) = 65,63 €/opetustunti.
    lessons = by_basis(content.table, "Musiikkiopisto, €/opetustunti")["TA 2024"]
    assert lessons["Laskettu"] == "65,63"
    assert [r.label for r in content.table.rows][::3] == [
        "Varhaiskasvatus, €/lapsi",
        "Perusopetus, €/oppilas",
        "Lukiokoulutus, €/opiskelija",
        "Musiikkiopisto, €/opiskelija",
        "Musiikkiopisto, €/opetustunti",
    ]


def test_the_cost_base_says_how_the_shared_cost_was_split():
    content = key_figure_section(with_forecast()).content.unit_costs
    base = by_basis(content.cost_base, "Perusopetus")["TA 2024"]
    assert base["Palvelualue"] == OPKOU
    assert base["Palvelualueen nettokustannus, €"] == "17 056 250"
    assert base["Tehtävän osuus %"] == "82,8"  # 779 ÷ 941
    assert base["Tehtävän nettokustannus, €"] == "14 119 892"
    assert base["Jako"] == "jaettu (ks. jakoperusteet yllä)"
    assert by_basis(content.cost_base, "Varhaiskasvatus")["TA 2024"]["Jako"] == "koko palvelualue"
    rules = content.cost_base.frame.loc["Perusopetus", "Jako"]
    assert "(tavoite 2024: Perusopetus 779, Lukiokoulutus 130, Musiikkiopisto 32)" in rules.iloc[1]
    assert any(
        text.startswith(f"{OPKOU}, TP 2023: jaettu tehtävien julkaistujen €/asukas-lukujen")
        and "(ennuste 2023: Perusopetus 740, Lukiokoulutus 123, Musiikkiopisto 32)" in text
        for text in content.splits
    )
    # The forecast is split by the budget's rule, and the note says so.
    assert any(
        text.startswith(f"{OPKOU}, TA 2024 ja Ennuste 2024: jaettu") for text in content.splits
    )
    assert not any(text.startswith("Varhaiskasvatus") for text in content.splits)


def test_derived_counts_are_labelled_and_shown_for_checking():
    content = key_figure_section(with_forecast()).content.unit_costs
    assert "Perusopetus: oppilaat 2023, 2024" in content.derived
    pupils = rows_of(content.volumes, "Perusopetus: oppilaat 2024")
    assert len(pupils) == 1
    volumes = {"2024": pupils[0]}
    assert volumes["2024"]["Määrä"] == "1 323,9"  # 779 × 17 953 ÷ 10 564
    # Each printed figure may be off by half its last digit: 778,5 × 17 953 ÷ 10 564,5 and
    # 779,5 × 17 953 ÷ 10 563,5 = 1 323,0–1 324,8 pupils.
    assert volumes["2024"]["Pyöristyksen sallima väli"] == "1 323,0–1 324,8"
    assert volumes["2024"]["Peruste ja laskelma"] == (
        f"{DERIVED}: 779 €/asukas × 17 953 asukasta ÷ 10 564 €/oppilas (tavoite 2024)"
    )
    assert volumes["2024"]["Tarkistettavissa"] == (
        "Vipunen (Tilastokeskus, oppilaitostilastot), tilastopäivä 20.9.2024"
    )
    # The workbook gets the label too, beside the numbers.
    assert set(content.volumes.frame["Peruste"]) == {DERIVED}
    frame = content.table.frame
    assert set(frame["Määrän peruste"]) == {DERIVED}
    assert frame.loc["Perusopetus"].iloc[1]["Laskettu"] == pytest.approx(
        OPKOU_TA_2024 * 10_564 / (941 * POPULATION)
    )


def test_a_register_count_is_used_as_given_and_not_called_derived():
    data = embedded()
    volumes = data.dataset("unit_cost_volumes").copy()
    given = (volumes["function"] == "Perusopetus") & (volumes["year"] == 2024)
    volumes.loc[given, ["volume", "volume_low", "volume_high"]] = 1_300.0
    volumes.loc[given, ["status", "derivation"]] = [PUBLISHED, "Vipunen, 20.9.2024"]
    costs = data.dataset("function_costs")
    changed = with_tables(
        unit_cost_volumes=volumes,
        unit_costs=unit_costs(costs, volumes, data.dataset("key_figures"), data.config),
    )
    content = key_figure_section(changed).content.unit_costs
    ta = by_basis(content.table, "Perusopetus, €/oppilas")["TA 2024"]
    assert ta["Suoritemäärä"] == "1 300"
    assert ta["Laskettu"] == "10 861,46"  # 14 119 892,14 ÷ 1 300
    assert "Perusopetus: oppilaat 2023" in content.derived  # 2023 is still derived
    assert "Perusopetus: oppilaat 2023, 2024" not in content.derived
    register = rows_of(content.volumes, "Perusopetus: oppilaat 2024")[0]
    assert (register["Määrä"], register["Pyöristyksen sallima väli"]) == ("1 300,0", "")
    assert register["Peruste ja laskelma"] == f"{PUBLISHED}: Vipunen, 20.9.2024"


def test_a_zero_count_gives_clear_text_and_no_division():
    data = embedded()
    volumes = data.dataset("unit_cost_volumes").copy()
    zero = (volumes["function"] == "Lukiokoulutus") & (volumes["year"] == 2024)
    volumes.loc[zero, ["volume", "volume_low", "volume_high"]] = 0.0
    volumes.loc[zero, "status"] = PUBLISHED
    table = unit_costs(
        data.dataset("function_costs"), volumes, data.dataset("key_figures"), data.config
    )
    content = key_figure_section(with_tables(unit_costs=table)).content.unit_costs
    row = by_basis(content.table, "Lukiokoulutus, €/opiskelija")["TA 2024"]
    assert row["Laskettu"] == "ei laskettavissa (opiskelijat 0)"
    assert row["Ero"] == "–"
    assert row["Julkaistu"] == "11 612 (tavoite)"
    assert content.not_computable == ("Lukiokoulutus €/opiskelija TA 2024 (opiskelijat 0)",)
    # Even an infinite figure in older processed data is not shown as a number.
    broken = table.copy()
    broken.loc[broken["volume"] == 0, ["computed", "difference", "explanation"]] = [
        float("inf"),
        -1e9,
        "ero pyöristystä",
    ]
    content = key_figure_section(with_tables(unit_costs=broken)).content.unit_costs
    row = by_basis(content.table, "Lukiokoulutus, €/opiskelija")["TA 2024"]
    assert row["Laskettu"].startswith("ei laskettavissa") and row["Ero"] == "–"
    assert "ero pyöristystä" not in row["Selitys"] and "suoritemäärä" in row["Selitys"]


def test_a_published_figure_in_a_broken_unit_is_left_out_of_the_unit_cost_comparison():
    content = unit_cost_content(with_forecast(), {("Perusopetus", "€/oppilas", 2024)})
    pupils = by_basis(content.table, "Perusopetus, €/oppilas")
    assert pupils["TA 2024"]["Julkaistu"] == "jätetty vertailusta (yksikköristiriita)"
    assert pupils["TA 2024"]["Ero"] == "–"
    assert pupils["TA 2024"]["Laskettu"] == "10 665,60"  # our own figure still stands
    assert pupils["TP 2023"]["Julkaistu"] == "10 052 (ennuste)"


def test_without_key_figures_their_parts_and_the_appendix_link_are_left_out():
    data = report_data(FIXTURES, "2024-06-30", "testikyla")
    section = key_figure_section(data)
    assert section.content.unit_costs is None and section.content.hyte is None
    assert section.content.workings is None  # no key figures: no appendix to link to
    html = render_section(section)
    assert "<h3>Yksikkökustannukset</h3>" not in html and "<h3>HYTE-kerroin</h3>" not in html
    assert "liite-tunnusluvut" not in html
    assert "Nettokustannus asukasta kohden" in html  # the €/asukas table still stands


# --- HYTE ----------------------------------------------------------------------------------


def test_hyte_is_explained_in_euros_against_its_target_and_previous_year():
    hyte = embedded_sections()["tunnusluvut"].content.hyte
    # The source report: "HYTE-kerroin 2024: 20,3 €/ as"; target 20,6, forecast 2023 20,6.
    assert hyte.value_text == "20,3" and hyte.year == 2024
    assert hyte.value_eur == pytest.approx(20.3 * POPULATION)  # 364 445,90 €
    assert tuple(plain(s) for s in hyte.sentences) == (
        # (20,3 − 20,6) × 17 953 = −5 385,90 €
        "Kerroin on 0,30 €/asukas (5 386 €) pienempi kuin tavoite 2024 (20,6 €/asukas).",
        "Kerroin on 0,30 €/asukas (5 386 €) pienempi kuin ennuste 2023 (20,6 €/asukas).",
    )
    comparisons = shown(hyte.comparisons)
    assert comparisons["tavoite 2024"] == {
        "Vertailuarvo, €/as": "20,60",
        "Kerroin − vertailuarvo, €/as": "-0,30",
        "Ero euroina": "-5 386",
    }
    # (20,3 − 18,23) × 17 953 = 37 162,71 €
    assert comparisons["kuntien keskiarvo 2023"]["Ero euroina"] == "37 163"
    assert (hyte.mean.value, hyte.mean.range_text) == (18.23, "7,5–22")
    assert hyte.pot.value == 100_000_000
    assert all("kuntaliitto.fi" in source for source in hyte.sources)
    html = plain(render_section(embedded_sections()["tunnusluvut"]))
    assert "20,3 €/asukas × 17 953 asukasta = 364 446 €" in html
    assert "prosessi-indikaattoreista" in html and "noin 100 miljoonaa euroa" in html
    assert "keskiarvo vuonna 2023 oli 18,23 €/asukas ja vaihteluväli noin 7,5–22" in html


# --- Published figures and the unit audit --------------------------------------------------


def test_a_figure_printed_in_a_broken_unit_is_omitted_with_a_note():
    content = embedded_sections()["tunnusluvut"].content
    published = shown(content.published)
    # "HYTE-kerroin €/ asukas (Sotkanet) 169,53 €/ oppilas 20,6 €/ as 20,6 €/ asukas".
    assert "HYTE-kerroin (€/oppilas)" not in published
    assert published["HYTE-kerroin (€/asukas)"] == {
        "Toteutuma 2022": "–",
        "Ennuste 2023": "20,6",
        "Tavoite 2024": "20,6",
    }
    assert len(content.omitted) == 1
    assert content.omitted[0].startswith("HYTE-kerroin 2022 (169,53 €/oppilas): muina vuosina")
    assert "€/asukas" in content.omitted[0]
    html = plain(render_section(embedded_sections()["tunnusluvut"]))
    assert html.count("169,53") == 1  # in the note, never as a key figure


def test_published_figures_keep_their_printed_decimals():
    published = shown(embedded_sections()["tunnusluvut"].content.published)
    assert published["Kirjaston fyysiset käynnit ka / asukas (käyntiä/asukas)"] == {
        "Toteutuma 2022": "7,9",
        "Ennuste 2023": "8",
        "Tavoite 2024": "8",
    }
    assert published["Varhaiskasvatus (€/lapsi)"]["Toteutuma 2022"] == "11 355,17"


# --- The rendered section ------------------------------------------------------------------


def test_the_section_no_longer_says_unit_costs_are_not_computed():
    html = plain(render_section(key_figure_section(with_forecast())))
    assert "ei lasketa" not in html
    assert "Perusopetus: oppilaat 2023, 2024" in html
    assert "Merkintä ”jaettu”" in html and "Merkintä ”johdettu”" in html
    assert "Ennuste 2024" in html


def test_the_working_tables_are_in_the_appendix_linked_from_the_section():
    sections = embedded_sections()
    main = render_section(sections["tunnusluvut"])
    assert '<a href="#liite-tunnusluvut">Tunnuslukujen täsmäytys ja suoritemäärät</a>' in main
    workings = sections["liite-tunnusluvut"]
    assert workings.appendix
    # The €/asukas reconciliation and the derived volumes are there, not in the main body.
    assert rows_of(workings.content.volumes, "Perusopetus: oppilaat 2024")
    assert workings.content.reconciliation is not None
    assert workings.content.reconciliation.caption not in main
