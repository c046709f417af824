"""Backtest the forecast methods on the SYNTHETIC monthly ledger and print the scores.

Every held-out year (2018–2023: at least two complete years before it) is forecast at every
month end from January to November by the same code the report uses, with the monthly
history ("history") and with the statement alone ("statement", as the embedded Heinola
data), and scored per method and for the default rule: MAPE, MASE and the share of
held-out years inside the stated 80 % interval. ``--readme`` also rewrites the table between
the markers in README.md. Usage: `make forecast-eval`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.catalog import MONTHLY_ACTUALS  # noqa: E402
from helpers.forecast import INTERVAL_NAME, METHOD_NAMES, backtest_cases, scores  # noqa: E402
from helpers.ingest import load_table  # noqa: E402
from helpers.schemas import ENTITY, INTEGER, NUMBER, Field, TableSpec  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "synthetic_ledger"
ENTITY_NAME = "synteettinen"
LAST_DAY = "2023-12-31"
BUDGETS = TableSpec(
    "synthetic_budgets",
    "talousarviot",
    ENTITY,
    (
        Field("Yksikkö", "unit"),
        Field("Rivi", "line"),
        Field("Vuosi", "year", INTEGER),
        Field("Euroa", "amount", NUMBER),
    ),
    key=("unit", "line", "year"),
)
BEGIN, END = "<!-- forecast-eval:begin -->", "<!-- forecast-eval:end -->"
REGIME_NAMES = {"history": "monthly history", "statement": "statement only"}


def load_ledger(root: Path = FIXTURE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic monthly actuals and budgets, read and validated by the suite's reader."""
    monthly, _ = load_table(MONTHLY_ACTUALS.raw, root, ENTITY_NAME, LAST_DAY)
    budgets, _ = load_table(BUDGETS, root, ENTITY_NAME, LAST_DAY)
    budgets = budgets.astype({"year": "int64", "amount": "float64"})
    return monthly, budgets


def evaluate(root: Path = FIXTURE) -> pd.DataFrame:
    monthly, budgets = load_ledger(root)
    return scores(backtest_cases(monthly, budgets))


def markdown(table: pd.DataFrame) -> str:
    """The scores as the README's Markdown table."""
    lines = [
        f"| regime | method | MAPE % | MASE | covered by the {INTERVAL_NAME}, % | cases | years |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    order = {m: i for i, m in enumerate(table["method"].drop_duplicates())}
    table = table.sort_values(
        ["regime", "method"], key=lambda c: c.map(order) if c.name == "method" else c
    )
    for row in table.itertuples(index=False):
        name = f"{row.method} ({METHOD_NAMES.get(row.method, row.method)})"
        if row.method == "default":
            name = f"**{name}**"
        lines.append(
            f"| {REGIME_NAMES[row.regime]} | {name} | {row.mape_pct:.1f} | {row.mase:.2f} | "
            f"{row.coverage_pct:.1f} | {row.cases} | {row.years} |"
        )
    return "\n".join(lines)


def rewrite_readme(path: Path, table_text: str) -> None:
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: markers {BEGIN} … {END} not found")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{table_text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, help="rewrite the table in this README")
    args = parser.parse_args(argv)
    table_text = markdown(evaluate())
    print("SYNTHETIC monthly ledger (tests/fixtures/synthetic_ledger), cut-offs 1–11/yyyy:")
    print(table_text)
    if args.readme:
        rewrite_readme(args.readme, table_text)
        print(f"rewrote the table in {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
