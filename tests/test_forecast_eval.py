"""Backtests of the forecast methods: scores worked out by hand on a SYNTHETIC series, and
the committed SYNTHETIC ledger's evaluation (`make forecast-eval`)."""

import importlib.util
import sys

import numpy as np
import pandas as pd
import pytest

from helpers.config import PROJECT_ROOT
from helpers.forecast import backtest, backtest_cases, scores

# SYNTHETIC: one line, the same profile every year (46 % by the end of June).
PROFILE = np.array([4, 6, 9, 9, 8, 10, 3, 5, 11, 12, 11, 12], dtype=float) / 100
TOTALS = {2021: -1_000_000.0, 2022: -1_200_000.0, 2023: -1_150_000.0}
UNIT, LINE = "Yksikkö (synteettinen)", "Palvelujen ostot"


def tool(name: str):
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic():
    monthly = pd.DataFrame(
        [
            {
                "unit": UNIT,
                "line": LINE,
                "month": pd.Timestamp(y, m, 1),
                "amount": t * PROFILE[m - 1],
            }
            for y, t in TOTALS.items()
            for m in range(1, 13)
        ]
    )
    budgets = pd.DataFrame({"unit": [UNIT], "line": [LINE], "year": [2023], "amount": [-1.1e6]})
    return monthly, budgets


def test_scores_by_hand(synthetic):
    """2023 is the only year with two complete years before it. At June its actual is
    0.46 × -1 150 000 = -529 000.
    * seasonal and profile: -529 000 / 0.46 = -1 150 000, no error;
    * run rate: -529 000 × 2 = -1 058 000, 92 000 off = 8 % of 1 150 000;
    * budget pace: -529 000 + -1 100 000 × 0.5 = -1 079 000, 71 000 off = 6.1739 %.
    MASE divides by the mean yearly change before 2023: |-1 200 000 - -1 000 000| = 200 000,
    so 92 000 / 200 000 = 0.46 and 71 000 / 200 000 = 0.355.
    The run rate's own past errors: 0.92T against T in 2021 and 2022, relative error
    0.08 / 0.92 = 0.086957 twice; t(0.90, 2 df) = 1.885618, half-width 0.163968 × 1 058 000
    = 173 478 > 92 000: covered."""
    monthly, budgets = synthetic
    table = scores(backtest_cases(monthly, budgets, months=[6]))
    table = table.set_index(["regime", "method"])
    history = table.loc["history"]
    assert history.loc["seasonal", "mape_pct"] == pytest.approx(0, abs=1e-9)
    assert history.loc["profile", "mape_pct"] == pytest.approx(0, abs=1e-9)
    assert history.loc["run_rate", "mape_pct"] == pytest.approx(8.0)
    assert history.loc["run_rate", "mase"] == pytest.approx(0.46)
    assert history.loc["budget_pace", "mape_pct"] == pytest.approx(71_000 / 1_150_000 * 100)
    assert history.loc["budget_pace", "mase"] == pytest.approx(0.355)
    assert history.loc["default", "mape_pct"] == pytest.approx(0, abs=1e-9)  # seasonal chosen
    assert history.loc["run_rate", "coverage_pct"] == 100
    assert (history["cases"] == 1).all() and (history["years"] == 1).all()
    cases = backtest_cases(monthly, budgets, months=[6])
    run_rate = cases[(cases["regime"] == "history") & (cases["method"] == "run_rate")].iloc[0]
    assert run_rate["high"] - run_rate["forecast"] == pytest.approx(0.163968 * 1_058_000, rel=1e-5)
    # Without the monthly history there is no seasonal method.
    assert "seasonal" not in table.loc["statement"].index


def test_backtest_without_budgets_scores_only_the_history_methods(synthetic):
    monthly, _ = synthetic
    table = backtest(monthly, 6)
    # Budget pace and the default rule need past budgets, which monthly actuals lack.
    assert set(table["method"]) == {"seasonal", "profile", "run_rate"}
    assert backtest(monthly[monthly["month"].dt.year > 2021], 6).empty  # one year before 2023


def test_the_committed_ledger_is_what_the_script_writes(tmp_path):
    tool("make_synthetic_ledger").main(tmp_path)
    committed = PROJECT_ROOT / "tests" / "fixtures" / "synthetic_ledger" / "synteettinen"
    for name in ("kuukausitoteumat.csv", "talousarviot.csv"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def test_readme_block_is_rewritten_between_the_markers(tmp_path):
    module = tool("forecast_eval")
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{module.BEGIN}\nold\n{module.END}\nafter\n", encoding="utf-8")
    module.rewrite_readme(readme, "| new |")
    assert readme.read_text(encoding="utf-8") == (
        f"before\n{module.BEGIN}\n| new |\n{module.END}\nafter\n"
    )


@pytest.mark.slow
def test_synthetic_ledger_evaluation_meets_the_targets():
    """On the SYNTHETIC ledger the default rule beats straight-line pace and its stated 80 %
    interval covers 70–90 % of held-out years; the README shows this very table."""
    module = tool("forecast_eval")
    table = module.evaluate()
    indexed = table.set_index(["regime", "method"])
    for regime in ("history", "statement"):
        default, straight = indexed.loc[(regime, "default")], indexed.loc[(regime, "run_rate")]
        assert default["mape_pct"] < straight["mape_pct"]
        assert default["mase"] < straight["mase"]
        assert 70 <= default["coverage_pct"] <= 90
        assert default["years"] == 6 and default["cases"] == 18 * 6 * 11
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert module.markdown(table) in readme
