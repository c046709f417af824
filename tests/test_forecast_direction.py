"""Favourable or unfavourable (helpers.forecast.direction): one rule for income and costs.

Income is positive and costs negative inside the suite, so a deviation value − budget is
favourable when positive: more income, or less cost."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.forecast.direction import (
    FAVOURABLE,
    LABELS,
    ON_BUDGET,
    UNFAVOURABLE,
    favourability,
    favourability_labels,
    interval_side,
)


def test_the_finnish_words():
    assert (FAVOURABLE, UNFAVOURABLE, ON_BUDGET) == (
        "suotuisa",
        "epäsuotuisa",
        "talousarvion mukainen",
    )
    assert LABELS == ("suotuisa", "epäsuotuisa", "talousarvion mukainen")


@pytest.mark.parametrize(
    ("budget", "value", "label"),
    [
        (100_000, 120_000, "suotuisa"),  # income over budget: 20 000 more money
        (100_000, 80_000, "epäsuotuisa"),  # income under budget: 20 000 less
        (-100_000, -120_000, "epäsuotuisa"),  # cost over budget: 20 000 more cost
        (-100_000, -80_000, "suotuisa"),  # cost under budget: 20 000 less cost
        (-100_000, -100_000, "talousarvion mukainen"),
        (0, 0, "talousarvion mukainen"),  # zero budget, nothing spent
        (0, 1, "suotuisa"),  # zero budget, one euro of income
        (0, -1, "epäsuotuisa"),  # zero budget, one euro of cost
    ],
)
def test_favourability_handles_income_and_cost_signs(budget, value, label):
    assert favourability(value - budget) == label


@pytest.mark.parametrize(
    ("deviation", "band", "label"),
    [
        (-500.0, 500.0, "talousarvion mukainen"),  # exactly at the band: still on budget
        (500.0, 500.0, "talousarvion mukainen"),
        (-500.01, 500.0, "epäsuotuisa"),
        (500.01, 500.0, "suotuisa"),
        (-499.0, 500.0, "talousarvion mukainen"),
        (0.0, 0.0, "talousarvion mukainen"),  # the default band is zero
        (0.01, 0.0, "suotuisa"),
    ],
)
def test_favourability_band_edges(deviation, band, label):
    assert favourability(deviation, band=band) == label


def test_favourability_default_band_is_zero():
    assert favourability(0.01) == "suotuisa" and favourability(-0.01) == "epäsuotuisa"


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, -math.inf])
def test_a_missing_deviation_has_no_label(missing):
    assert favourability(missing) == ""
    assert favourability(missing, band=1e9) == ""


def test_favourability_labels_with_a_band_per_row_or_one_for_all():
    deviation = pd.Series([10.0, -10.0, 3.0, np.nan], index=list("abcd"))
    labels = favourability_labels(deviation, pd.Series([5.0, 5.0, 5.0, 5.0], index=list("abcd")))
    assert labels.tolist() == ["suotuisa", "epäsuotuisa", "talousarvion mukainen", ""]
    assert list(labels.index) == list("abcd") and labels.dtype == object
    # One band for all: |±10| > 9.5 but |3| <= 9.5.
    one = favourability_labels(deviation, 9.5)
    assert one.tolist() == ["suotuisa", "epäsuotuisa", "talousarvion mukainen", ""]
    assert list(one.index) == list("abcd")
    # Without a band only an exact zero is on budget.
    assert favourability_labels(pd.Series([0.0, 0.5, -0.5])).tolist() == [
        "talousarvion mukainen",
        "suotuisa",
        "epäsuotuisa",
    ]
    # Bands per row must match the deviations one to one, neither fewer nor more.
    with pytest.raises(ValueError):
        favourability_labels(pd.Series([1.0, 2.0]), pd.Series([1.0]))
    with pytest.raises(ValueError):
        favourability_labels(pd.Series([1.0, 2.0]), pd.Series([1.0, 1.0, 1.0]))


def test_interval_side_for_costs():
    """A cost budget of -100: an interval -95 … -90 is all less cost (favourable), -130 …
    -110 all more cost (unfavourable), -105 … -95 straddles the budget, and an interval
    that only touches the budget (-100 … -90, -110 … -100) is not wholly on one side."""
    low = pd.Series([-95.0, -130.0, -105.0, -100.0, -110.0], index=[5, 6, 7, 8, 9])
    high = pd.Series([-90.0, -110.0, -95.0, -90.0, -100.0], index=[5, 6, 7, 8, 9])
    sides = interval_side(low, high, pd.Series([-100.0] * 5, index=[5, 6, 7, 8, 9]))
    assert sides.tolist() == ["suotuisa", "epäsuotuisa", "", "", ""]
    assert list(sides.index) == [5, 6, 7, 8, 9] and sides.dtype == object


def test_interval_side_for_income():
    """An income budget of 200: 210 … 250 is all more income, 150 … 190 all less."""
    sides = interval_side(
        pd.Series([210.0, 150.0]), pd.Series([250.0, 190.0]), pd.Series([200.0, 200.0])
    )
    assert sides.tolist() == ["suotuisa", "epäsuotuisa"]
