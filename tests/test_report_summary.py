"""Yhteenveto (``helpers.report.summary``) against the source document and by hand."""

import datetime as dt

import pandas as pd
from report_data import embedded, embedded_sections, plain, shown

from helpers.report import summary_points
from helpers.report.model import ReportData
from helpers.report.summary import findings, summary_section
from helpers.report.templates import render_section


def points() -> dict[str, tuple[str, ...]]:
    content = embedded_sections()["yhteenveto"].content
    return {p.heading: tuple(plain(i) for i in p.items) for p in content.points}


def test_key_numbers_of_the_department():
    content = embedded_sections()["yhteenveto"].content
    numbers = {n.label: plain(n.value) for n in content.key_numbers}
    # Source report, the department's Toimintakate: TOT 2024 6 kk −15 134 455, TOT-24 50,58 %.
    assert numbers["Toimintakate, toteuma"] == "-15 134 455 €"
    assert numbers["Toteuma talousarviosta"] == "50,58 %"
    assert numbers["Vuodesta kulunut"] == "50 %"
    side = numbers["Nettokustannus ennusteessa"]
    assert side.endswith(("alle talousarvion (suotuisa)", "yli talousarvion (epäsuotuisa)"))


def test_without_realisation_the_summary_has_no_data(heinola):
    assert summary_section(ReportData(heinola, dt.date(2024, 6, 30), {})).content is None


def synthetic(heinola, deviation: float) -> ReportData:
    """SYNTHETIC: the department's net margin, budget −1 000 000, forecast off by ``deviation``."""
    department, net = heinola.department_unit.label, heinola.net_line
    realisation = pd.DataFrame(
        [{"unit": department, "line": net, "actual": -500_000.0, "budget": -1_000_000.0}]
    ).assign(realisation_pct=50.0, elapsed_pct=50.0)
    forecast = pd.DataFrame(
        [
            {
                "unit": department,
                "line": net,
                "budget": -1_000_000.0,
                "forecast": -1_000_000.0 + deviation,
                "deviation_eur": deviation,
                "deviation_label": "suotuisa" if deviation > 0 else "epäsuotuisa",
                "method": "summa",
                "outside_budget": "",
                "interval_side": "",
            }
        ]
    )
    tables = {"budget_realisation": realisation, "forecast": forecast}
    return ReportData(heinola, dt.date(2024, 6, 30), tables)


def test_a_net_cost_below_budget_is_alle_and_above_is_yli(heinola):
    # Net cost is negative: forecast −900 000 against −1 000 000 is 100 000 € less cost.
    below = summary_section(synthetic(heinola, 100_000.0)).content.key_numbers
    above = summary_section(synthetic(heinola, -100_000.0)).content.key_numbers
    assert plain(below[-1].value) == "100 000 € alle talousarvion (suotuisa)"
    assert below[-1].label == "Nettokustannus ennusteessa"
    assert plain(below[-2].value) == "-900 000 €"
    assert plain(above[-1].value) == "100 000 € yli talousarvion (epäsuotuisa)"


def test_a_net_income_above_budget_is_yli_and_favourable(heinola):
    # SYNTHETIC net income: budget +1 000 000 (the deviation is forecast − budget).
    data = synthetic(heinola, 100_000.0)
    tables = {name: frame.copy() for name, frame in data.tables.items()}
    tables["forecast"]["budget"] = 1_000_000.0
    tables["forecast"]["forecast"] = 1_100_000.0
    more = summary_section(ReportData(heinola, data.period_end, tables)).content.key_numbers
    assert more[-1].label == "Nettotuotto ennusteessa"
    assert plain(more[-1].value) == "100 000 € yli talousarvion (suotuisa)"
    tables["forecast"]["forecast"] = 900_000.0
    tables["forecast"]["deviation_eur"] = -100_000.0
    less = summary_section(ReportData(heinola, data.period_end, tables)).content.key_numbers
    assert plain(less[-1].value) == "100 000 € alle talousarvion (epäsuotuisa)"


def year_end(data: ReportData) -> ReportData:
    """``data`` at 31.12.: 12 of 12 months elapsed (the forecast is then the year's actual)."""
    tables = {name: frame.copy() for name, frame in data.tables.items()}
    tables["budget_realisation"]["elapsed_pct"] = 100.0
    return ReportData(data.config, dt.date(2024, 12, 31), tables)


def test_at_year_end_the_key_numbers_say_actual_not_forecast(heinola):
    numbers = summary_section(year_end(synthetic(heinola, 100_000.0))).content.key_numbers
    assert [n.label for n in numbers[-2:]] == [
        "Toteuma vuoden lopussa",
        "Nettokustannus toteumassa",
    ]
    assert plain(numbers[-2].value) == "-900 000 €"
    assert plain(numbers[-1].value) == "100 000 € alle talousarvion (suotuisa)"
    # One month short of the year (11 of 12) is still a forecast.
    data = synthetic(heinola, 100_000.0)
    data.tables["budget_realisation"]["elapsed_pct"] = 11 / 12 * 100
    assert summary_section(data).content.key_numbers[-2].label == "Ennuste vuoden lopussa"


def test_at_year_end_the_findings_link_to_the_section_by_its_year_end_title(heinola):
    def forecast_links(data: ReportData) -> list[str]:
        return [link.title for _, _, link in findings(data) if link.anchor == "ennuste"]

    # The four bullets drawn from the forecast: the deviations both ways, what is known but
    # not budgeted, and management disagreeing with the model.
    assert forecast_links(synthetic(heinola, -100_000.0)) == ["Ennuste vuoden loppuun"] * 4
    assert forecast_links(year_end(synthetic(heinola, -100_000.0))) == ["Koko vuoden toteuma"] * 4


def test_a_deviation_within_half_a_percent_is_on_budget_as_in_the_forecast_table(heinola):
    # 4 000 € more net cost on a budget of 1 000 000 is 0,4 % < 0,5 %: on budget, as the
    # forecast table's Suunta says, but the euros are still shown with their side.
    numbers = summary_section(synthetic(heinola, -4_000.0)).content.key_numbers
    assert plain(numbers[-1].value) == "talousarvion mukainen (4 000 € yli talousarvion)"


def test_outlook_puts_model_and_management_side_by_side_in_words():
    rows = shown(embedded_sections()["yhteenveto"].content.outlook)
    department = rows["Hyvinvointitoimiala"]
    # Source report: TA 2024 −29 922 850; the department's own estimate (johdon_arviot.csv):
    # the budget less the ~90 000 € grants not budgeted = −30 012 850, on budget (0,3 %).
    assert department["TA 2024"] == "-29 922 850"
    assert department["Johdon arvio, €"] == "-30 012 850"
    assert department["Johdon arvio"] == "talousarvion mukainen"
    # Virikkeellinen elämä's own estimate: −4 394 400 − 90 000 = −4 484 400, unfavourable.
    assert rows["Virikkeellinen elämä"]["Johdon arvio, €"] == "-4 484 400"
    assert rows["Virikkeellinen elämä"]["Johdon arvio"] == "epäsuotuisa"
    # Opetus gave no overall estimate, only lines (grants less, personnel costs more).
    assert rows["Opetus- ja koulutuspalvelut"]["Johdon arvio"] == (
        "ei kokonaisarviota; epäsuotuisa: Tuet ja avustukset, Henkilöstökulut"
    )
    assert len(rows) == 5  # the department and its four service areas
    # Traffic lights carry words: every badge cell has text.
    table = embedded_sections()["yhteenveto"].content.outlook
    assert all(c.text for r in table.rows for c in r.cells if c.badge)


def test_goal_counts_leave_out_the_empty_form_rows():
    found = points()
    # Source report: the four council goals are 3 × Toteutuu and 1 × Toteutuu osittain.
    assert found["Valtuuston sitovat tavoitteet"] == (
        "4 tavoitetta: toteutuu 3, toteutuu osittain 1, ei toteudu 0, ei tietoa 0",
    )
    # Operating plan: 16 printed rows, six of them "Palvelualue ei määritelty – Ei tietoa"
    # with no goal or metric; of the ten goals, KS02, KS04 and KS09 are partly met.
    assert found["Käyttösuunnitelman tavoitteet"] == (
        "10 tavoitetta: toteutuu 7, toteutuu osittain 3, ei toteudu 0, ei tietoa 0 "
        "(tyhjiä lomakerivejä 6 ei laskettu)",
    )
    # Strategic measures: HYTE-kerroin partly, Hyvinvointi-indeksi met, 18 without data.
    assert found["Strategiset mittarit"][0].startswith("20 mittaria: toteutuu 1, ")


def test_survey_target_against_the_result():
    # Source report: 660 answered, 146 do no hobby, 22 %; target under 18 %: not met.
    (text,) = points()["Kyselytavoitteet"]
    assert text.startswith("Harrastemallikysely: 22,1 % vastaajista ei harrasta mitään (146/660")
    assert "tavoite alle 18 %: ei toteudu" in text


def test_investments_realised_and_what_is_left():
    texts = points()["Investoinnit"]
    # Source report: TA −270 000, Toteuma 1–6 −9 940: 3,68 % → 3,7 %; 270 000 − 9 940 left.
    assert texts[0].startswith(
        "toteutunut 9 940 € eli 3,7 % talousarviosta (270 000 €); käyttämättä 260 060 €, "
        "vaikka vuodesta on kulunut 50 %: 96,3 % määrärahasta"
    )
    assert "siirtyy 20 000 € (Kirkkis-talon irtaimistohankinnat)" in texts[1]


def test_highest_risks_by_probability_times_significance():
    # Source report: construction delays 2 × 2 = 4, other external threats 3 × 1 = 3; the
    # other three are 1 × 1 and 2 × 1.
    assert points()["Suurimmat riskit (todennäköisyys × merkittävyys)"] == (
        "Kiinteistöjen / toimipisteiden rakentamisen tai perusparannusten viivästyminen "
        "(todennäköisyys 2 × merkittävyys 2 = 4)",
        "Muut ajassa olevat ulkoiset uhkat (todennäköisyys 3 × merkittävyys 1 = 3)",
    )


def test_ties_at_the_cut_are_all_shown(heinola):
    risks = pd.DataFrame(  # SYNTHETIC: a 4, then two 2s, then a 1
        {"risk": ["A", "B", "C", "D"], "probability": [2, 1, 2, 1], "significance": [2, 2, 1, 1]}
    )
    data = ReportData(heinola, dt.date(2024, 6, 30), {"risks": risks})
    assert [t[0] for t in summary_points.top_risks(data)] == ["A", "B", "C"]


def test_projects_above_their_funding():
    # Source report "Menojen toteuma %": 149,3, 126,8, 117,8, 110,2, 103,3 and 100,4 are
    # above 100; "70,4 / 83,4" and 100 are not.
    texts = points()["Hankkeet, joiden menot ylittävät 100 % rahoituksesta"]
    assert [t.rsplit(" ", 2)[-2] for t in texts] == [
        "149,3",
        "126,8",
        "117,8",
        "110,2",
        "103,3",
        "100,4",
    ]
    assert texts[0] == "Heinolan harrastemallin toteuttaminen 149,3 %"


def test_known_but_not_budgeted():
    # Source report: "järjestöavustukset maksetaan (n. 90 000 €) Tähän ei ole varauduttu".
    (text,) = points()["Tiedossa, mutta ei talousarviossa"]
    assert text.startswith("Virikkeellinen elämä, Avustukset: 90 000 € lisämenoa")


def test_largest_deviations_are_worded_by_direction(heinola):
    rows = [  # SYNTHETIC forecast lines of one service area and the department
        ("Varhaiskasvatus", "Tuet ja avustukset", 200.0, -100.0, "epäsuotuisa", "profile"),
        ("Varhaiskasvatus", "Henkilöstökulut", -1000.0, 300.0, "suotuisa", "profile"),
        ("Varhaiskasvatus", "Toimintakulut", -2000.0, 900.0, "suotuisa", "summa"),
        ("Hyvinvointilautakunnan toimiala", "Henkilöstökulut", -5000.0, 900.0, "suotuisa", "x"),
        ("Varhaiskasvatus", "Avustukset", -100.0, 50.0, "", "profile"),
    ]
    frame = pd.DataFrame(
        rows, columns=["unit", "line", "budget", "deviation_eur", "interval_side", "method"]
    )
    data = ReportData(heinola, dt.date(2024, 6, 30), {"forecast": frame})
    # Sums and the department are left out; a line whose interval spans the budget too.
    assert [plain(t) for t in summary_points.favourable_deviations(data)] == [
        "Varhaiskasvatus, Henkilöstökulut: menot alittavat talousarvion 300 € (30,0 %, suotuisa)"
    ]
    assert [plain(t) for t in summary_points.unfavourable_deviations(data)] == [
        "Varhaiskasvatus, Tuet ja avustukset: tulot alittavat talousarvion "
        "100 € (50,0 %, epäsuotuisa)"
    ]


def test_every_bullet_links_to_its_section():
    sections = embedded_sections()
    html = render_section(sections["yhteenveto"])
    for point in sections["yhteenveto"].content.points:
        assert point.link.anchor in sections, point.heading
        assert f'<a href="#{point.link.anchor}">{point.link.title}</a>' in html
    assert len(sections["yhteenveto"].content.points) == 11
    assert embedded() is not None


def test_disagreements_beyond_the_threshold_are_flagged(heinola):
    # SYNTHETIC comparison: one disagreement in euros, one in words, one agreement.
    comparison = pd.DataFrame(
        {
            "unit": ["Varhaiskasvatus", "Virkkeellinen elämä", "Varhaiskasvatus"],
            "line": ["Toimintakate", "Henkilöstökulut", "Henkilöstökulut"],
            "model_forecast": [-7_600_000.0, -2_000_000.0, -5_000_000.0],
            "model_direction": ["suotuisa", "suotuisa", "suotuisa"],
            "management_amount": [-7_800_000.0, float("nan"), -5_010_000.0],
            "management_direction": ["epäsuotuisa", "epäsuotuisa", "suotuisa"],
            # −7 600 000 − (−7 800 000) = 200 000 > max(1 % × 7 913 900, 10 000) = 79 139.
            "difference_eur": [200_000.0, float("nan"), 10_000.0],
            "threshold_eur": [79_139.0, 20_000.0, 50_000.0],
            "disagreement": [True, True, False],
        }
    )
    data = ReportData(heinola, dt.date(2024, 6, 30), {"forecast_management": comparison})
    assert [plain(p) for p in summary_points.disagreements(data)] == [
        "Varhaiskasvatus, Toimintakate: malli 7 600 000 € (suotuisa), johdon arvio "
        "7 800 000 €, ero 200 000 € (kynnys 79 139 €)",
        "Virikkeellinen elämä, Henkilöstökulut: malli 2 000 000 € (suotuisa), johdon arvio "
        "epäsuotuisa",
    ]
