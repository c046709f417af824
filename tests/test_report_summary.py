"""Yhteenveto (``helpers.report.summary``) against the source document."""

import datetime as dt

from report_data import embedded_sections, plain

from helpers.report.model import ReportData
from helpers.report.summary import summary_section


def test_key_numbers_of_the_department():
    content = embedded_sections()["yhteenveto"].content
    numbers = {n.label: plain(n.value) for n in content.key_numbers}
    # Source report, the department's Toimintakate: TOT 2024 6 kk −15 134 455, TOT-24 50,58 %.
    assert numbers["Toimintakate, toteuma"] == "-15 134 455 €"
    assert numbers["Toteuma talousarviosta"] == "50,58 %"
    assert numbers["Vuodesta kulunut"] == "50 %"
    side = numbers["Nettokustannus ennusteessa"]
    assert side.endswith(("alle talousarvion (suotuisa)", "yli talousarvion (epäsuotuisa)"))
    assert content.narrative.computed and content.narrative.heading == "Laskennallinen arvio"


def test_without_realisation_the_summary_has_no_data(heinola):
    assert summary_section(ReportData(heinola, dt.date(2024, 6, 30), {})).content is None


def synthetic(heinola, deviation: float) -> ReportData:
    """SYNTHETIC: the department's net margin, budget −1 000 000, forecast off by ``deviation``."""
    import pandas as pd

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
                "method": "summa",
                "outside_budget": "",
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


def test_a_deviation_within_half_a_percent_is_on_budget_as_in_the_forecast_table(heinola):
    # 4 000 € more net cost on a budget of 1 000 000 is 0,4 % < 0,5 %: on budget, as the
    # forecast table's Suunta says, but the euros are still shown with their side.
    numbers = summary_section(synthetic(heinola, -4_000.0)).content.key_numbers
    assert plain(numbers[-1].value) == "talousarvion mukainen (4 000 € yli talousarvion)"
