"""The management report's sections, built directly from processed tables (no notebook)."""

import datetime as dt
import re

import pytest
from conftest import RAW, SECTION_TITLES

from helpers.clean import build_processed
from helpers.forecast import forecast_lines
from helpers.indicators import indicator_tables
from helpers.report import ReportData, build_report


def report_for(raw, period):
    config, tables = build_processed(raw, "heinola", period)
    tables.update(indicator_tables(tables, config, 2024))
    if "income_statement" in tables:
        tables["forecast"] = forecast_lines(tables["income_statement"], config)
    day = dt.date.fromisoformat(period)
    return build_report(ReportData(config, day, tables))


def test_every_section_in_the_printed_order():
    sections = report_for(RAW, "2024-06-30")
    assert [s.title for s in sections] == SECTION_TITLES
    for section in sections:
        assert "Ei tietoa: tälle ajankohdalle" not in section.body, section.title


def test_march_report_says_ei_tietoa_where_data_is_missing():
    sections = {s.title: s for s in report_for(RAW, "2024-03-31")}
    assert "Ei tietoa" in sections["Talousarvion toteutuminen"].body
    assert "Ei tietoa" in sections["Hankkeet"].body
    assert "80,29" in sections["Palvelut, kyselyt ja käyttöasteet"].body  # March occupancy
    assert "75,43" not in sections["Palvelut, kyselyt ja käyttöasteet"].body  # June unknown yet


@pytest.mark.parametrize(
    ("file", "old"),
    [
        ("tavoitteet.csv", "Kokemus arjen sujuvuudesta lisääntyy."),
        ("2024-06-30/hankkeet.csv", "Lukutaitoa tulevaisuuteen"),
        ("2024-06-30/arviot.csv", "Toinen neljännes talousarviovuodesta"),
    ],
)
def test_text_from_the_data_is_escaped(raw_copy, file, old):
    path = raw_copy / "heinola" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, '<script>alert("x")</script>' + old, 1), encoding="utf-8")
    html = "".join(s.html() for s in report_for(raw_copy, "2024-06-30"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_charts_are_inline_images():
    html = "".join(s.html() for s in report_for(RAW, "2024-06-30"))
    images = re.findall(r'<img alt="[^"]+" src="([^"]{0,30})', html)
    assert len(images) >= 4 and all(src.startswith("data:image/png;base64,") for src in images)


def test_backtest_scores_appear_when_history_allows():
    import pandas as pd

    config, tables = build_processed(RAW, "heinola", "2024-06-30")
    tables.update(indicator_tables(tables, config, 2024))
    tables["forecast"] = forecast_lines(tables["income_statement"], config)
    tables["forecast_backtest"] = pd.DataFrame(  # SYNTHETIC scores
        {
            "method": ["seasonal", "run_rate"],
            "mape_pct": [1.24, 8.0],
            "cases": [4, 4],
            "years": [2, 2],
        }
    )
    sections = build_report(ReportData(config, dt.date(2024, 6, 30), tables))
    forecast = next(s for s in sections if s.anchor == "ennuste").body
    assert (
        "Menetelmien osuvuus aiempina vuosina" in forecast
        and '<td class="num">1,2</td>' in forecast
    )
    assert "monivuotinen kausiprofiili" in forecast
