"""The committed SYNTHETIC ledger and its evaluation (`make forecast-eval`, tools/); the
backtests themselves are tested by hand in test_forecast_evaluation.py."""

import importlib.util
import sys

import pytest

from helpers.config import PROJECT_ROOT


def tool(name: str):
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


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
