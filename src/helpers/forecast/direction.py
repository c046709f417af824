"""Favourable or unfavourable: one rule for every deviation from the budget.

Inside the suite income is positive and costs are negative, so a larger amount is always the
better one for the net margin: more income, or less cost (a cost of −90 is smaller than a cost
of −100). A deviation ``value − budget`` is therefore *suotuisa* (favourable) when positive
and *epäsuotuisa* (unfavourable) when negative, for income and cost lines alike. The words
"yli / alle talousarvion" are never needed: they mean opposite things for income and costs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FAVOURABLE = "suotuisa"
UNFAVOURABLE = "epäsuotuisa"
ON_BUDGET = "talousarvion mukainen"
LABELS = (FAVOURABLE, UNFAVOURABLE, ON_BUDGET)


def favourability(deviation: float, band: float = 0.0) -> str:
    """``suotuisa`` / ``epäsuotuisa`` / ``talousarvion mukainen`` for ``value − budget``.

    ``deviation`` is in the internal sign convention (income positive, costs negative);
    ``band`` (≥ 0 euros) is how far from zero still counts as on budget. A missing deviation
    (NaN) gives ``""``: nothing to label.
    """
    if deviation is None or not np.isfinite(deviation):
        return ""
    if abs(deviation) <= band:
        return ON_BUDGET
    return FAVOURABLE if deviation > 0 else UNFAVOURABLE


def favourability_labels(deviation: pd.Series, band: pd.Series | float = 0.0) -> pd.Series:
    """``favourability`` for a column of deviations (and a band per row or one for all)."""
    band = pd.Series(band, index=deviation.index) if np.isscalar(band) else band
    labels = [favourability(float(d), float(b)) for d, b in zip(deviation, band, strict=True)]
    return pd.Series(labels, index=deviation.index, dtype="object")


def interval_side(low: pd.Series, high: pd.Series, budget: pd.Series) -> pd.Series:
    """Where a whole interval lies against the budget: ``suotuisa`` when even its low end is
    above the budget, ``epäsuotuisa`` when even its high end is below, else ``""``."""
    return pd.Series(
        np.select([low > budget, high < budget], [FAVOURABLE, UNFAVOURABLE], ""),
        index=budget.index,
        dtype="object",
    )
