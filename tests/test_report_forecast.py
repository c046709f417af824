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
            "regime": ["history", "statement"],
            "method": ["seasonal", "default"],
            "mape_pct": [1.24, 8.0],
            "mase": [0.5, 1.1],
            "coverage_pct": [75.0, 80.0],
            "cases": [4, 4],
            "years": [2, 2],
        }
    )
    section = forecast.forecast_lines_appendix(ReportData(data.config, data.period_end, tables))
    html = render_section(section)
    assert "Menetelmien osuvuus aiempina vuosina" in html and '<td class="num">1,2</td>' in html
    assert "monivuotinen kausiprofiili" in html and "oletussääntö" in html
    assert "kuukausihistoria" in html and "vain tuloslaskelma" in html


def test_the_methods_text_is_the_forecasts_own():
    from helpers.forecast import methods_paragraphs

    content = embedded_sections()["liite-ennuste"].content
    assert content.methods == tuple(methods_paragraphs())
    html = render_section(embedded_sections()["liite-ennuste"])
    assert "vähintään 2 aiemmalta vuodelta" in html  # forecast.choice.MIN_SEASONAL_YEARS


def test_the_methods_text_follows_the_forecasts_constants(monkeypatch):
    from helpers.forecast import choice

    html = render_section(embedded_sections()["liite-ennuste"])
    assert "vähintään 2 aiemmalta vuodelta" in html  # MIN_SEASONAL_YEARS
    assert "80 %:n ennusteväli" in html
    monkeypatch.setattr(choice, "MIN_SEASONAL_YEARS", 3)
    again = render_section(forecast.forecast_lines_appendix(embedded()))
    assert "vähintään 3 aiemmalta vuodelta" in again


def test_management_caption_follows_the_disagreement_rule(monkeypatch):
    from helpers.forecast import management

    comparison = pd.DataFrame(  # SYNTHETIC: one estimate beside the model
        [
            {
                "unit": "Varhaiskasvatus",
                "line": "Toimintakate",
                "budget": -1_000_000.0,
                "model_forecast": -990_000.0,
                "model_direction": "suotuisa",
                "management_amount": -1_020_000.0,
                "management_direction": "epäsuotuisa",
                "difference_eur": -30_000.0,
                "disagreement": True,
                "text": "Arvio",
            }
        ]
    )
    data = embedded()
    tables = {**data.tables, "forecast_management": comparison}
    monkeypatch.setattr(management, "DISAGREEMENT_SHARE", 0.02)
    monkeypatch.setattr(management, "DISAGREEMENT_MIN_EUR", 5_000.0)
    table = forecast.management_table(ReportData(data.config, data.period_end, tables))
    assert "ennusteesta yli 2 % talousarviosta (vähintään 5\u00a0000 €)" in table.caption
    assert plain(table.rows[0].cells[-1].paragraphs[0]) == "eroavat"  # reasons: appendix
    with_reasons = forecast.management_table(
        ReportData(data.config, data.period_end, tables), with_reasons=True
    )
    assert with_reasons.rows[0].cells[-1].paragraphs == ("Arvio",)


def notable_frame() -> pd.DataFrame:
    """SYNTHETIC forecast lines: two off the budget, one subtotal, one within the range."""
    rows = [
        ("Varhaiskasvatus", "Palvelujen ostot", -100.0, -130.0, "below", "profile"),
        ("Varhaiskasvatus", "Toimintakulut", -500.0, -600.0, "below", "summa"),
        ("Varhaiskasvatus", "Myyntituotot", 50.0, 60.0, "", "profile"),
        ("Virkkeellinen elämä", "Henkilöstökulut", -1000.0, -950.0, "above", "run_rate"),
    ]
    frame = pd.DataFrame(
        rows, columns=["unit", "line", "budget", "forecast", "outside_budget", "method"]
    )
    side = frame["outside_budget"].map({"above": "suotuisa", "below": "epäsuotuisa", "": ""})
    return frame.assign(deviation_eur=frame["forecast"] - frame["budget"], interval_side=side)


def test_notable_lines_largest_first_without_subtotals(heinola):
    data = ReportData(heinola, dt.date(2024, 6, 30), {})
    table = forecast.notable_table(data, notable_frame())
    assert [(r.label, r.cells[0].paragraphs) for r in table.rows] == [
        ("Virikkeellinen elämä", ("Henkilöstökulut",)),  # |−950 − (−1000)| = 50
        ("Varhaiskasvatus", ("Palvelujen ostot",)),  # |−130 − (−100)| = 30
    ]
    assert plain(table.rows[0].cells[3].text) == "50"
    assert table.rows[0].cells[5].text == "suotuisa"  # less cost than budgeted, a badge


def test_one_chart_in_the_main_body_and_each_units_lines_in_the_appendix():
    content = embedded_sections()["ennuste"].content
    names = [u.name for u in embedded().config.units]
    assert all(f"{name} ennuste" in content.chart.alt for name in names)
    lines = embedded_sections()["liite-ennuste"].content
    assert [u.name for u in lines.units] == names
    html = render_section(embedded_sections()["ennuste"])
    assert '<a href="#liite-ennuste">' in html and "ennuste riveittäin (euroa)" not in html
    net = content.net_margin
    assert net.index_label == "Toimintakate" and len(net.rows) == len(names)


def test_the_caption_says_why_the_department_is_not_its_areas_sum():
    caption = embedded_sections()["ennuste"].content.net_margin.caption
    # forecast.parquet of 30.6.2024: the department −29 187 308,31 €, its four areas
    # −555 371,82 − 16 679 708,84 − 7 627 407,53 − 4 324 816,12 = −29 187 304,31 €: 4 € apart,
    # the printed department lines' rounding remainders carried on. The table shows whole
    # euros: −29 187 308 against −555 372 − 16 679 709 − 7 627 408 − 4 324 816 = −29 187 305,
    # so a reader adding up the column finds 3 € and the caption says so.
    assert "eroaa palvelualueiden ennusteiden summasta -3 €" in plain(caption)
