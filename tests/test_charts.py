"""Charts (``helpers.charts``) that tell the truth at a glance: what each axis and colour
shows, checked on the figure before it becomes a PNG (numbers worked out by hand)."""

import pandas as pd
import pytest

from helpers import charts


@pytest.fixture
def figures(monkeypatch):
    """Keep each figure instead of encoding it: ``figures[-1]`` is the last chart drawn."""
    kept = []

    def keep(fig):
        kept.append(fig)
        return ""

    monkeypatch.setattr(charts, "figure_png", keep)
    monkeypatch.setattr(charts, "_RENDERED", {})  # every chart drawn, none reused
    return kept


def forecast_rows(deviation=25_000.0):
    return pd.DataFrame(  # SYNTHETIC
        {
            "budget": [-1_000_000.0],
            "forecast": [-1_000_000.0 + deviation],
            "range_low": [-990_000.0],
            "range_high": [-960_000.0],
            "deviation_eur": [deviation],
            "deviation_pct": [deviation / 10_000],
            "deviation_label": ["suotuisa"],
        }
    )


def test_a_chart_drawn_from_equal_data_is_reused_and_the_same_bytes(monkeypatch):
    """The report reuses the PNG an earlier stage of the same kernel rendered: only when the
    drawn data are equal (the title is only in the alt text and caption)."""
    monkeypatch.setattr(charts, "_RENDERED", {})
    drawn = []
    real = charts._forecast_figure
    monkeypatch.setattr(
        charts, "_forecast_figure", lambda rows, labels: drawn.append(1) or real(rows, labels)
    )
    first = charts.forecast_chart(forecast_rows(), ["A"], "Stage")
    again = charts.forecast_chart(forecast_rows(), ["A"], "Report")
    assert len(drawn) == 1 and again.png_base64 == first.png_base64
    assert "Report" in again.caption and "Stage" in first.caption
    other = charts.forecast_chart(forecast_rows(26_000.0), ["A"], "Report")
    relabelled = charts.forecast_chart(forecast_rows(), ["B"], "Report")
    assert len(drawn) == 3
    assert other.png_base64 != first.png_base64 and relabelled.png_base64 != first.png_base64
    monkeypatch.setattr(charts, "_RENDERED", {})
    assert charts.forecast_chart(forecast_rows(), ["A"], "New").png_base64 == first.png_base64


def test_forecast_is_drawn_as_its_difference_from_the_budget_in_thousands(figures):
    rows = pd.DataFrame(  # SYNTHETIC: a 2,5 % smaller net cost and a 3 % larger one
        {
            "budget": [-1_000_000.0, -400_000.0],
            "forecast": [-975_000.0, -412_000.0],
            "range_low": [-990_000.0, -420_000.0],
            "range_high": [-960_000.0, -404_000.0],
            "deviation_eur": [25_000.0, -12_000.0],
            "deviation_pct": [2.5, -3.0],
            "deviation_label": ["suotuisa", "epäsuotuisa"],
        }
    )
    chart = charts.forecast_chart(rows, ["A", "B"], "Toimintakate")
    ax = figures[-1].axes[0]
    # −975 000 − (−1 000 000) = +25 000 € = +25 t€; −412 000 − (−400 000) = −12 t€.
    dots = ax.collections[-1].get_offsets()
    assert [tuple(p) for p in dots] == [(25.0, 0.0), (-12.0, 1.0)]
    budget = [line for line in ax.lines if line.get_label() == "Talousarvio"]
    assert budget and list(budget[0].get_xdata()) == [0, 0]
    # The widest end is A's interval, −960 000 − (−1 000 000) = 40 t€, plus 15 % margin: the
    # axis is symmetric around the budget, so +25 t€ (2,5 %) spans over half of one side.
    assert ax.get_xlim() == pytest.approx((-46.0, 46.0))
    assert "tuhatta euroa" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["+25 t€ (+2,5 %), suotuisa", "-12 t€ (-3,0 %), epäsuotuisa"]
    assert "ero 25\u00a0000 € (suotuisa)" in chart.alt


def test_lines_without_a_budget_are_named_not_drawn(figures):
    # Lestijärvi 1-3/2017 (tests/fixtures/raw/lestijarvi) prints no TA: a unit whose lines
    # all lack a budget has no difference to draw, and the chart must still be made.
    rows = pd.DataFrame(  # SYNTHETIC
        {
            "budget": [float("nan"), -400_000.0],
            "forecast": [-12_000.0, -412_000.0],
            "range_low": [float("nan"), -420_000.0],
            "range_high": [float("nan"), -404_000.0],
            "deviation_eur": [float("nan"), -12_000.0],
            "deviation_pct": [float("nan"), -3.0],
            "deviation_label": ["", "epäsuotuisa"],
        }
    )
    chart = charts.forecast_chart(rows, ["A", "B"], "Toimintakate")
    ax = figures[-1].axes[0]
    # The widest end is B's interval, −420 000 − (−400 000) = −20 t€, plus 15 %: ±23 t€.
    assert ax.get_xlim() == pytest.approx((-23.0, 23.0))
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["ei talousarviota (ei tietoa)", "-12 t€ (-3,0 %), epäsuotuisa"]
    assert "A ennuste -12\u00a0000 €, talousarvio ei tietoa, joten eroa ei lasketa" in chart.alt
    assert "  €" not in chart.alt
    all_missing = rows.iloc[:1]
    charts.forecast_chart(all_missing, ["A"], "Toimintakate")
    assert figures[-1].axes[0].get_xlim() == pytest.approx((-1.15, 1.15))


def test_occupancy_axis_runs_from_zero_to_a_hundred(figures):
    months = pd.to_datetime(["2024-01-01", "2024-02-01"])
    chart = charts.occupancy_chart(
        pd.DataFrame({"month": months, "occupancy_pct": [79.47, 75.19]}), 77.33
    )
    assert figures[-1].axes[0].get_ylim() == (0.0, 100.0)
    assert "0–100 %" in chart.caption


def test_risk_matrix_is_coloured_by_probability_times_significance(monkeypatch, figures):
    drawn = {}

    def heatmap(data, annot, **kwargs):
        drawn["colours"], drawn["labels"] = data, annot

    monkeypatch.setattr(charts.sns, "heatmap", heatmap)
    matrix = pd.DataFrame(  # the source report's five risks: significance rows, high first
        [[0, 0, 0], [0, 1, 0], [1, 2, 1]], index=[3, 2, 1], columns=[1, 2, 3]
    )
    charts.risk_matrix_chart(matrix)
    # Colour = significance × probability, whatever the count: the empty 3 × 3 cell is 9.
    assert drawn["colours"].loc[3, 3] == 9 and drawn["colours"].loc[2, 2] == 4
    assert drawn["colours"].loc[1, 2] == 2  # two risks, but level 2
    assert drawn["labels"].loc[1, 2] == "2 kpl" and drawn["labels"].loc[3, 3] == ""
