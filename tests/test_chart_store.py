"""The chart store (``helpers.chart_store``): a chart drawn in an earlier run is read back
byte for byte instead of drawn again, and only when everything it was drawn from is equal."""

import base64
import os

import matplotlib
import pandas as pd
import pytest
from test_charts import forecast_rows

from helpers import chart_store, charts


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The store in a temporary folder; no PNG kept in memory; ``drawn`` counts drawings."""
    folder = tmp_path / "charts"
    monkeypatch.setenv(chart_store.STORE_ENV, str(folder))
    monkeypatch.setattr(charts, "_RENDERED", {})
    drawn = []
    real = charts._forecast_figure
    monkeypatch.setattr(
        charts, "_forecast_figure", lambda rows, labels: drawn.append(1) or real(rows, labels)
    )
    return folder, drawn


def new_process(monkeypatch):
    """What a new kernel starts with: no PNG in memory."""
    monkeypatch.setattr(charts, "_RENDERED", {})


def test_a_chart_of_an_earlier_run_is_read_back_not_drawn(store, monkeypatch):
    folder, drawn = store
    first = charts.forecast_chart(forecast_rows(), ["A"], "Yksikkö")
    assert len(drawn) == 1 and len(list(folder.glob("*.png"))) == 1
    stored = next(folder.glob("*.png")).read_bytes()
    assert base64.b64decode(first.png_base64) == stored
    new_process(monkeypatch)
    again = charts.forecast_chart(forecast_rows(), ["A"], "Toinen otsikko")
    assert len(drawn) == 1 and again.png_base64 == first.png_base64
    assert again.caption.startswith("Toinen otsikko")  # texts come from this run, not the store


def test_other_data_labels_or_settings_are_drawn_again(store, monkeypatch):
    folder, drawn = store
    charts.forecast_chart(forecast_rows(), ["A"], "T")
    new_process(monkeypatch)
    charts.forecast_chart(forecast_rows(26_000.0), ["A"], "T")  # another number
    charts.forecast_chart(forecast_rows(), ["B"], "T")  # another label
    with matplotlib.rc_context({"savefig.transparent": True}):  # seaborn leaves it alone
        charts.forecast_chart(forecast_rows(), ["A"], "T")
    assert len(drawn) == 4 and len(list(folder.glob("*.png"))) == 4


def test_the_drawing_code_and_style_are_part_of_the_key(monkeypatch):
    key = chart_store.render_key("forecast", [1.0])
    assert chart_store.render_key("forecast", [1.0]) == key
    assert chart_store.render_key("forecast", [1.0000000000000002]) != key  # last float bit
    assert chart_store.render_key("occupancy", [1.0]) != key
    monkeypatch.setattr(chart_store, "_libraries", lambda: ("other code", (3, 11), ()))
    assert chart_store.render_key("forecast", [1.0]) != key


def test_an_incomplete_stored_file_is_drawn_again_and_replaced(store, monkeypatch):
    folder, drawn = store
    first = charts.forecast_chart(forecast_rows(), ["A"], "T")
    path = next(folder.glob("*.png"))
    path.write_bytes(path.read_bytes()[:-20])  # cut short, as by a full disk
    new_process(monkeypatch)
    again = charts.forecast_chart(forecast_rows(), ["A"], "T")
    assert len(drawn) == 2 and again.png_base64 == first.png_base64
    assert path.read_bytes() == base64.b64decode(first.png_base64)


def test_an_empty_setting_turns_the_store_off(store, monkeypatch):
    folder, drawn = store
    monkeypatch.setenv(chart_store.STORE_ENV, "")
    charts.forecast_chart(forecast_rows(), ["A"], "T")
    new_process(monkeypatch)
    charts.forecast_chart(forecast_rows(), ["A"], "T")
    assert len(drawn) == 2 and not folder.exists()


def test_the_default_store_is_in_the_projects_build_folder(monkeypatch):
    monkeypatch.delenv(chart_store.STORE_ENV)
    assert chart_store.store_folder() == chart_store.PROJECT_ROOT / "build" / "chart-cache"


def test_the_least_recently_used_go_beyond_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(chart_store.STORE_ENV, str(tmp_path))
    monkeypatch.setattr(chart_store, "STORE_LIMIT", 2)
    png = chart_store._PNG_START + b"data" + chart_store._PNG_END
    for age, key in enumerate(["old", "used", "new"]):
        chart_store.store_png(key, png)
        os.utime(tmp_path / f"{key}.png", (1_000 + age, 1_000 + age))
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == ["new", "used"]
    os.utime(tmp_path / "used.png", (5_000, 5_000))  # read recently
    chart_store.store_png("newest", png)
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == ["newest", "used"]
    assert chart_store.stored_png("used") == png and chart_store.stored_png("old") is None


def test_a_store_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(chart_store.STORE_ENV, str(blocker / "charts"))
    chart_store.store_png("key", chart_store._PNG_START + chart_store._PNG_END)
    assert chart_store.stored_png("key") is None


@pytest.fixture
def renders(monkeypatch):
    """Count the PNGs encoded (the store is off in the tests: only memory reuses)."""
    monkeypatch.setattr(charts, "_RENDERED", {})
    encoded = []
    real = charts.figure_png
    monkeypatch.setattr(charts, "figure_png", lambda fig: encoded.append(1) or real(fig))
    return encoded


def test_occupancy_risk_and_goal_charts_are_keyed_on_every_value_and_label(renders):
    months = pd.to_datetime(["2024-01-01", "2024-02-01"])
    occupancy = pd.DataFrame({"month": months, "occupancy_pct": [79.47, 75.19]})  # SYNTHETIC
    first = charts.occupancy_chart(occupancy, 77.33)
    assert charts.occupancy_chart(occupancy.copy(), 77.33).png_base64 == first.png_base64
    charts.occupancy_chart(occupancy, 77.34)  # another average line
    charts.occupancy_chart(occupancy.assign(occupancy_pct=[79.47, 75.2]), 77.33)
    charts.occupancy_chart(occupancy.assign(month=months + pd.DateOffset(years=1)), 77.33)
    assert len(renders) == 4

    matrix = pd.DataFrame([[0, 1], [2, 0]], index=[2, 1], columns=[1, 2])  # SYNTHETIC
    charts.risk_matrix_chart(matrix)
    charts.risk_matrix_chart(matrix.copy())
    charts.risk_matrix_chart(pd.DataFrame([[0, 1], [1, 0]], index=[2, 1], columns=[1, 2]))
    charts.risk_matrix_chart(pd.DataFrame([[0, 1], [2, 0]], index=[1, 2], columns=[1, 2]))
    assert len(renders) == 4 + 3

    counts = pd.DataFrame(  # SYNTHETIC
        {"Toteutuu": [2, 1], "Ei toteudu": [0, 1], "Yhteensä": [2, 2]}, index=["A", "B"]
    )
    charts.goal_status_chart(counts)
    charts.goal_status_chart(counts.assign(Yhteensä=[9, 9]))  # the total is not drawn
    charts.goal_status_chart(counts.rename(index={"B": "C"}))
    charts.goal_status_chart(counts.assign(Toteutuu=[1, 2]))
    assert len(renders) == 4 + 3 + 3
