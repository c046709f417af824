"""What the stage notebooks show: Finnish labels and numbers, every row, escaped text, links."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import catalog
from helpers.charts import Chart
from helpers.config import PROJECT_ROOT
from helpers.notebook_display import (
    chart_html,
    formatted,
    table_html,
    tables_overview,
    written_html,
)
from helpers.notebook_labels import column_label, dataset_title

NBSP = "\u00a0"


def test_numbers_in_finnish_format_never_scientific():
    # The example: 1196238.0 printed beside 1.196237e+06.
    frame = pd.DataFrame({"budget": [1196238.0, 1.196237e06, -15134455.0]})
    assert list(formatted(frame)["TA (talousarvio)"]) == [
        f"1{NBSP}196{NBSP}238",
        f"1{NBSP}196{NBSP}237",
        f"-15{NBSP}134{NBSP}455",
    ]


def test_percent_columns_cents_and_small_shares():
    frame = pd.DataFrame(
        {
            "realisation_pct": [50.578, 100.0],
            "net_cost": [30263140.4, 1.0],  # has cents: two decimals
            "share": [0.3456, 0.5],  # below one: four decimals
        }
    )
    text = formatted(frame)
    assert list(text["TOT-%"]) == [f"50,58{NBSP}%", f"100,00{NBSP}%"]
    assert list(text["Nettokustannus, €"]) == [f"30{NBSP}263{NBSP}140,40", "1,00"]
    assert list(text["Osuus yksiköstä"]) == ["0,3456", "0,5000"]


def test_missing_values_booleans_dates_and_years():
    frame = pd.DataFrame(
        {
            "realisation_pct": [np.nan, 1.5],
            "ahead_of_pace": [True, False],
            "date": pd.to_datetime(["2024-06-30", "2024-01-05"]),
            "year": [2024, 2023],
            "source_row": [1234, 7],
            "unit": [None, "Varhaiskasvatus"],
        }
    )
    text = formatted(frame)
    assert list(text.iloc[0]) == ["–", "kyllä", "30.6.2024", "2024", "1234", "–"]
    assert list(text.iloc[1]) == [f"1,50{NBSP}%", "ei", "5.1.2024", "2023", "7", "Varhaiskasvatus"]


def test_labels_are_finnish_and_raw_columns_keep_their_export_header():
    assert column_label("realisation_pct", "budget_realisation") == "TOT-%"
    assert column_label("remaining") == "Jäljellä"
    assert column_label("population", "population") == "Asukasluku"  # the raw export's header
    assert column_label("budget", "investments") == "TA (talousarvio)"  # "TA {year}" is a pattern
    assert dataset_title("budget_realisation") == "Talousarvion toteutuma"


def test_every_computed_column_has_a_finnish_label():
    unlabelled = {
        (d.name, c.name)
        for d in catalog.DATASETS.values()
        for c in d.columns
        if column_label(c.name, d.name) == c.name
    }
    assert unlabelled == set()


def test_two_columns_with_one_label_both_stay():
    frame = pd.DataFrame({"share": [0.25], "split_share": [0.75]})
    text = formatted(frame)
    assert list(text.columns) == ["Osuus yksiköstä", "Osuus yksiköstä"]
    assert list(text.iloc[0]) == ["0,2500", "0,7500"]


def test_table_shows_every_row_scrollable_and_escaped():
    frame = pd.DataFrame({"unit": [f"<b>Yksikkö {i}</b>" for i in range(76)], "budget": range(76)})
    html = table_html(frame, "budget_realisation")
    assert html.count("<tr>") == 77  # the header row and all 76, not head(10)
    assert "76 riviä" in html and "Talousarvion toteutuma" in html
    assert "overflow:auto" in html and 'class="kr-scroll"' in html
    assert "<b>Yksikkö" not in html and "&lt;b&gt;Yksikkö 75&lt;/b&gt;" in html
    assert '<td class="num">75</td>' in html and '<th class="num">TA (talousarvio)</th>' in html


def test_table_rows_keep_the_column_order_and_a_frame_without_columns_keeps_its_rows():
    frame = pd.DataFrame({"unit": ["Päiväkoti A", None], "budget": [1234567.0, 50.5]})
    html = table_html(frame)
    # Written by hand: each row's cells in column order, a missing text as a dash, a column
    # with a fraction in two decimals, thousands apart by a no-break space.
    assert (
        '<tbody><tr><td>Päiväkoti A</td><td class="num">1\xa0234\xa0567,00</td></tr>'
        '<tr><td>–</td><td class="num">50,50</td></tr></tbody>'
    ) in html
    # Three rows and no columns: three empty rows (as pandas shows such a frame), not none.
    empty = table_html(pd.DataFrame(index=[1, 2, 3]))
    assert "<tbody><tr></tr><tr></tr><tr></tr></tbody>" in empty


def test_overview_counts_rows():
    tables = {"audit": pd.DataFrame({"a": range(3)}), "population": pd.DataFrame()}
    overview = tables_overview(tables)
    assert overview.to_dict("list") == {
        "Tiedosto": ["audit.parquet", "population.parquet"],
        "Sisältö": ["Tarkastushavainnot", catalog.POPULATION.description],
        "Rivejä": [3, 0],
    }


def test_written_files_are_links_from_the_working_folder():
    inside = PROJECT_ROOT / "data" / "processed" / "x" / "2024-06-30" / "audit.parquet"
    outside = Path("/elsewhere/tables.xlsx")
    html = written_html([inside, outside], start=PROJECT_ROOT / "notebooks")
    links = dict(
        (text, href) for href, text in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', html)
    )
    # Inside the project: shown from the root, linked from notebooks/ (where the lab runs it).
    assert links["data/processed/x/2024-06-30/audit.parquet"] == (
        "../data/processed/x/2024-06-30/audit.parquet"
    )
    assert links["/elsewhere/tables.xlsx"].startswith("../")
    assert links["/elsewhere/tables.xlsx"].endswith("/elsewhere/tables.xlsx")


def test_chart_is_a_figure_with_alt_text_and_caption():
    html = chart_html(Chart("QUJD", alt='Kuvio "A" <b>', caption="Toteuma-%"))
    assert html.startswith("<figure>") and 'src="data:image/png;base64,QUJD"' in html
    assert 'alt="Kuvio &quot;A&quot; &lt;b&gt;"' in html
    assert "<figcaption>Toteuma-%</figcaption>" in html


def test_dates_as_python_dates():
    frame = pd.DataFrame({"when": [dt.date(2024, 3, 31)]}, dtype=object)
    assert formatted(frame).iloc[0, 0] == "31.3.2024"
