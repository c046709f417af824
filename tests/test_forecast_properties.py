"""Properties of the forecast over random statements (hypothesis): coherent by construction,
every point inside its interval, totals' intervals combined (not summed extremes)."""

import numpy as np
import pandas as pd
import pytest
from conftest import RAW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.config import load_entity_config
from helpers.forecast import METHODS, forecast_lines
from helpers.income_statement import recompute_subtotals

CONFIG = load_entity_config(RAW, "heinola")
DEPARTMENT = CONFIG.department_unit.label
AREAS = [u.label for u in CONFIG.service_areas]
LEAVES = [line.name for line in CONFIG.lines if not line.is_subtotal]
SUBTOTALS = {line.name: line.sum_of for line in CONFIG.lines if line.is_subtotal}
MEASURES = ("tp", "tot_prior", "ta", "tot")

amounts = st.one_of(
    st.just(0.0),
    st.floats(-2e6, 2e6, allow_nan=False).map(lambda x: round(x, 2)),
)


@st.composite
def statements(draw):
    """A statement of random service areas and lines; the department prints their sum plus
    a residual that is zero, rounding or a real department-only amount."""
    months = draw(st.integers(1, 12))
    rows = []
    printed = {}
    for unit in AREAS:
        lines = draw(st.lists(st.sampled_from(LEAVES), min_size=1, max_size=6, unique=True))
        for line in lines:
            printed[(unit, line)] = {m: draw(amounts) for m in MEASURES}
    residual_kind = draw(st.sampled_from(["zero", "rounding", "own"]))
    for line in sorted({line for _, line in printed}):
        for measure in MEASURES:
            total = sum(
                v[measure] for (u, ln), v in printed.items() if ln == line and u != DEPARTMENT
            )
            extra = {"zero": 0.0, "rounding": draw(st.sampled_from([-1.0, 0.0, 2.0]))}.get(
                residual_kind, draw(amounts)
            )
            printed.setdefault((DEPARTMENT, line), {})[measure] = total + extra
    for (unit, line), values in printed.items():
        for measure, amount in values.items():
            current = measure in ("ta", "tot")
            rows.append(
                {
                    "unit": unit,
                    "line": line,
                    "measure": measure,
                    "year": 2024 if current else 2023,
                    "months": months if measure in ("tot", "tot_prior") else 12,
                    "amount": amount,
                }
            )
    tidy = recompute_subtotals(pd.DataFrame(rows), CONFIG)
    keys = sorted(k for k in printed if k[0] != DEPARTMENT)
    chosen = draw(st.lists(st.sampled_from(keys), max_size=3, unique=True))
    adjustments = pd.DataFrame(
        {
            "unit": [k[0] for k in chosen],
            "line": [k[1] for k in chosen],
            "amount": [draw(amounts) for _ in chosen],
            "reason": ["random"] * len(chosen),
        }
    )
    return tidy, adjustments, residual_kind


def _filled(rows: pd.DataFrame, method: str) -> pd.Series:
    return rows[method].fillna(rows["method_forecast"])


def _sum_of(values: pd.Series):
    """The sum of ``values`` to the precision floating point can promise: a total is summed
    in another order than the test sums its parts, and each addition may round by half an
    ulp of the running sum. A method column can be huge (a profile scaled by a tiny share of
    last year, ~5e11 €), where an absolute 1e-6 is below one ulp (~6e-5): the tolerance grows
    with the size of what is added up, never with the sum, which may cancel out."""
    return pytest.approx(values.sum(), abs=1e-6 + 1e-12 * values.abs().sum())


def _check_sum(total: pd.Series, parts: pd.DataFrame) -> None:
    assert total["forecast"] == _sum_of(parts["forecast"])
    assert total["method_forecast"] == _sum_of(parts["method_forecast"])
    for method in METHODS:
        if parts[method].notna().any():
            assert total[method] == _sum_of(_filled(parts, method))
    above = np.sqrt(((parts["interval_high"] - parts["forecast"]) ** 2).sum())
    below = np.sqrt(((parts["forecast"] - parts["interval_low"]) ** 2).sum())
    assert total["interval_high"] - total["forecast"] == _sum_of(pd.Series([above]))
    assert total["forecast"] - total["interval_low"] == _sum_of(pd.Series([below]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_forecast_is_coherent_and_inside_its_intervals(case):
    tidy, adjustments, residual_kind = case
    forecast = forecast_lines(tidy, CONFIG, adjustments=adjustments)
    assert forecast["forecast"].notna().all()
    assert (forecast["interval_low"] <= forecast["forecast"] + 1e-6).all()
    assert (forecast["forecast"] <= forecast["interval_high"] + 1e-6).all()
    indexed = forecast.set_index(["unit", "line"])
    for unit in [DEPARTMENT, *AREAS]:
        own = indexed.loc[unit]
        for line, parts in SUBTOTALS.items():
            present = [p for p in parts if p in own.index]
            if line in own.index and present:
                _check_sum(own.loc[line], own.loc[present])
    for line in {ln for u, ln in indexed.index if u in AREAS and ln in LEAVES}:
        areas = indexed.loc[[(u, line) for u in AREAS if (u, line) in indexed.index]]
        department = indexed.loc[(DEPARTMENT, line)]
        assert department["forecast"] == _sum_of(
            pd.concat([areas["forecast"], pd.Series([department["department_only"]])])
        )
        if residual_kind == "zero":  # no department-only amount: every method adds up too
            assert department["department_only"] == pytest.approx(0, abs=1e-6)
            for method in METHODS:
                if areas[method].notna().any():
                    assert department[method] == _sum_of(_filled(areas, method))
    flagged = forecast[forecast["flag"] == "ei kertymää"]
    assert (flagged["method_forecast"] == flagged["budget"]).all()
    assert (flagged["budget"] != 0).all()
