"""Ennuste vuoden loppuun (``helpers.report.forecast``)."""

import datetime as dt

import pandas as pd
from report_data import embedded, embedded_sections, plain

from helpers.report import forecast
from helpers.report.model import ReportData
from helpers.report.templates import render_section


def test_backtest_scores_appear_when_history_allows():
    data = embedded()
    tables = dict(data.tables)
    tables["forecast_backtest"] = pd.DataFrame(  # SYNTHETIC scores
        {
            "method": ["seasonal", "run_rate"],
            "mape_pct": [1.24, 8.0],
            "cases": [4, 4],
            "years": [2, 2],
        }
    )
    section = forecast.forecast_section(ReportData(data.config, data.period_end, tables))
    html = render_section(section)
    assert "Menetelmien osuvuus aiempina vuosina" in html and '<td class="num">1,2</td>' in html
    assert "monivuotinen kausiprofiili" in html


def test_the_methods_text_follows_the_forecasts_threshold(monkeypatch):
    html = render_section(embedded_sections()["ennuste"])
    assert "poikkea vuoden kulumasta yli 25 %-yksikköä" in html  # MAX_PROFILE_DEVIATION 0.25
    monkeypatch.setattr(forecast, "MAX_PROFILE_DEVIATION", 0.3)
    again = render_section(forecast.forecast_section(embedded()))
    assert "poikkea vuoden kulumasta yli 30 %-yksikköä" in again


def notable_frame() -> pd.DataFrame:
    """SYNTHETIC forecast lines: two off the budget, one subtotal, one within the range."""
    rows = [
        ("Varhaiskasvatus", "Palvelujen ostot", -100.0, -130.0, "above", "profile"),
        ("Varhaiskasvatus", "Toimintakulut", -500.0, -600.0, "above", "summa"),
        ("Varhaiskasvatus", "Myyntituotot", 50.0, 60.0, "", "profile"),
        ("Virkkeellinen elämä", "Henkilöstökulut", -1000.0, -950.0, "below", "run_rate"),
    ]
    frame = pd.DataFrame(
        rows, columns=["unit", "line", "budget", "forecast", "outside_budget", "method"]
    )
    return frame.assign(deviation_eur=frame["forecast"] - frame["budget"])


def test_notable_lines_largest_first_without_subtotals(heinola):
    data = ReportData(heinola, dt.date(2024, 6, 30), {})
    table = forecast.notable_table(data, notable_frame())
    assert [(r.label, r.cells[0].paragraphs) for r in table.rows] == [
        ("Virikkeellinen elämä", ("Henkilöstökulut",)),  # |−950 − (−1000)| = 50
        ("Varhaiskasvatus", ("Palvelujen ostot",)),  # |−130 − (−100)| = 30
    ]
    assert plain(table.rows[0].cells[3].text) == "50"


def test_every_unit_has_a_chart_and_its_lines():
    content = embedded_sections()["ennuste"].content
    assert [u.name for u in content.units] == [u.name for u in embedded().config.units]
    net = content.net_margin
    assert net.index_label == "Toimintakate" and len(net.rows) == len(content.units)
