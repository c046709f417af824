"""Write the SYNTHETIC monthly ledger used by `make forecast-eval` and the forecast tests.

Everything here is made up (fixed seed, so the files are identical on every run): four
invented units of a Finnish municipality's welfare department, eight complete years of
monthly actuals (2016–2023) and each year's budget, with the patterns a real ledger shows:

* salaries with the holiday bonus (lomaraha) paid in June and a little in July;
* state grants paid in one or two lumps whose month moves from year to year;
* association grants paid out in one spring lump;
* sales billed mostly in the last quarter, and year-end invoices in December;
* customer fees that stop in July;
* mid-year closures: a sports facility closes on 1.8.2020 and a daycare on 1.8.2022, so the
  second half of those years (and the years after) cost less than the first half promises.

Budgets are set the autumn before: last year's total grown by the expected rate, with a
planning error. Usage: `.venv/bin/python tools/make_synthetic_ledger.py` (rewrites
tests/fixtures/synthetic_ledger/synteettinen/).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.finnish import format_number  # noqa: E402

ENTITY = "synteettinen"
TARGET = ROOT / "tests" / "fixtures" / "synthetic_ledger" / ENTITY
SEED = 20240630
YEARS = range(2016, 2024)
FLAT = np.ones(12)


@dataclass(frozen=True)
class Series:
    unit: str
    line: str
    level: float  # the 2016 total, euros (income positive, costs negative)
    pattern: str  # key of PATTERNS
    growth: float = 0.02  # expected yearly growth
    level_sd: float = 0.02  # yearly surprise in the total
    month_sd: float = 0.03  # noise of each month
    budget_sd: float = 0.02  # planning error of the budget
    closure: tuple[int, float] | None = None  # (year, H2 cut from August on, permanent)


def salaries(rng) -> np.ndarray:
    w = FLAT.copy()
    w[5] += 0.5 + rng.normal(0, 0.03)  # lomaraha in June
    w[6] += 0.1  # the rest of it in July
    return w


def two_lumps(rng) -> np.ndarray:
    w = np.full(12, 0.01)
    w[rng.choice([3, 4])] += 0.6  # spring instalment in April or May
    w[rng.choice([9, 10])] += 0.4  # autumn instalment in October or November
    return w


def one_spring_lump(rng) -> np.ndarray:
    w = np.full(12, 0.01)
    w[rng.choice([2, 3, 4])] += rng.uniform(0.85, 0.95)
    return w


def one_late_lump(rng) -> np.ndarray:
    w = np.full(12, 0.005)
    w[rng.choice([8, 9, 10, 11])] += 1.0
    return w


def q4_billing(rng) -> np.ndarray:
    w = np.full(12, 0.02)
    w[5] += 0.12
    w[11] += 0.6 + rng.normal(0, 0.05)
    return w


def year_end_invoices(rng) -> np.ndarray:
    w = FLAT.copy()
    w[0], w[11] = 0.7, 1.6 + rng.normal(0, 0.1)
    return w


def school_year(rng) -> np.ndarray:
    return np.array([1.0, 1.0, 1.0, 0.9, 0.8, 0.5, 0.2, 1.8, 1.6, 1.0, 1.0, 1.0])


def fees(rng) -> np.ndarray:
    w = FLAT.copy()
    w[6], w[7] = 0.0, 0.8
    return w


def winter_fees(rng) -> np.ndarray:
    return np.array([1.4, 1.4, 1.3, 1.1, 0.8, 0.5, 0.3, 0.5, 1.0, 1.2, 1.3, 1.2])


def rents(rng) -> np.ndarray:
    return FLAT.copy()


PATTERNS = {
    "salaries": salaries,
    "two_lumps": two_lumps,
    "one_spring_lump": one_spring_lump,
    "one_late_lump": one_late_lump,
    "q4_billing": q4_billing,
    "year_end_invoices": year_end_invoices,
    "school_year": school_year,
    "fees": fees,
    "winter_fees": winter_fees,
    "rents": rents,
}

PO, VK, KL, HY = (
    "Perusopetus (synteettinen)",
    "Varhaiskasvatus (synteettinen)",
    "Kulttuuri ja liikunta (synteettinen)",
    "Hyvinvointi (synteettinen)",
)
SERIES = (
    Series(PO, "Henkilöstökulut", -9_000_000, "salaries", 0.025, 0.012, 0.01, 0.015),
    Series(PO, "Palvelujen ostot", -2_500_000, "year_end_invoices", 0.03, 0.04, 0.06, 0.04),
    Series(PO, "Aineet, tarvikkeet ja tavarat", -400_000, "school_year", 0.02, 0.06, 0.1, 0.06),
    Series(PO, "Tuet ja avustukset", 500_000, "two_lumps", 0.0, 0.15, 0.05, 0.12),
    Series(PO, "Myyntituotot", 450_000, "q4_billing", 0.02, 0.08, 0.1, 0.08),
    Series(VK, "Henkilöstökulut", -5_500_000, "salaries", 0.025, 0.012, 0.01, 0.015, (2022, 0.12)),
    Series(VK, "Maksutuotot", 600_000, "fees", 0.01, 0.04, 0.03, 0.04),
    Series(VK, "Palvelujen ostot", -1_000_000, "rents", 0.03, 0.03, 0.05, 0.03, (2022, 0.12)),
    Series(VK, "Avustukset", -400_000, "rents", 0.02, 0.03, 0.04, 0.03),
    Series(KL, "Henkilöstökulut", -1_600_000, "salaries", 0.025, 0.015, 0.01, 0.02, (2020, 0.3)),
    Series(KL, "Avustukset", -300_000, "one_spring_lump", 0.0, 0.08, 0.02, 0.06),
    Series(KL, "Maksutuotot", 350_000, "winter_fees", 0.02, 0.06, 0.06, 0.06, (2020, 0.3)),
    Series(KL, "Muut toimintakulut", -2_000_000, "rents", 0.02, 0.01, 0.005, 0.01),
    Series(KL, "Palvelujen ostot", -1_100_000, "rents", 0.02, 0.04, 0.05, 0.04, (2020, 0.3)),
    Series(HY, "Henkilöstökulut", -450_000, "salaries", 0.025, 0.03, 0.02, 0.03),
    Series(HY, "Tuet ja avustukset", 150_000, "one_late_lump", 0.0, 0.2, 0.05, 0.15),
    Series(HY, "Myyntituotot", 50_000, "q4_billing", 0.0, 0.2, 0.2, 0.15),
    Series(HY, "Palvelujen ostot", -110_000, "rents", 0.02, 0.05, 0.1, 0.05),
)


def simulate(series: Series, rng) -> tuple[dict[int, np.ndarray], dict[int, float]]:
    """Monthly amounts and budgets per year for one unit × line."""
    months, budgets = {}, {}
    level, previous_total = series.level, None
    for year in YEARS:
        level *= 1 + series.growth + rng.normal(0, series.level_sd)
        weights = PATTERNS[series.pattern](rng)
        amounts = level * weights / weights.sum()
        amounts = amounts * (1 + rng.normal(0, series.month_sd, 12))
        if series.closure and year >= series.closure[0]:
            cut = 1 - series.closure[1]
            if year == series.closure[0]:
                amounts[7:] *= cut  # from August on
            else:
                amounts *= cut
        months[year] = np.round(amounts, 2)
        base = previous_total if previous_total is not None else level
        budgets[year] = round(base * (1 + series.growth) * (1 + rng.normal(0, series.budget_sd)))
        previous_total = float(months[year].sum())
    return months, budgets


def write(rows: list[list[str]], header: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(target: Path = TARGET) -> None:
    rng = np.random.default_rng(SEED)
    monthly, budgets = [], []
    for series in SERIES:
        months, budget = simulate(series, rng)
        for year in YEARS:
            budgets.append([series.unit, series.line, str(year), _euros(budget[year], 0)])
            for month, amount in enumerate(months[year], start=1):
                monthly.append([series.unit, series.line, f"{month}.{year}", _euros(amount)])
    target.mkdir(parents=True, exist_ok=True)
    write(monthly, ["Yksikkö", "Rivi", "Kuukausi", "Euroa"], target / "kuukausitoteumat.csv")
    write(budgets, ["Yksikkö", "Rivi", "Vuosi", "Euroa"], target / "talousarviot.csv")
    print(f"wrote {len(monthly)} monthly rows and {len(budgets)} budgets to {target}")


def _euros(amount: float, decimals: int = 2) -> str:
    """Finnish format with plain spaces between thousands (readable in a diff)."""
    return format_number(amount, decimals).replace("\u00a0", " ")


if __name__ == "__main__":
    main()
