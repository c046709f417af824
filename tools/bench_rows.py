"""Large SYNTHETIC exports through the ingest code: time and peak memory, one size per process.

Usage: ``python tools/bench_rows.py statement|ledger ROWS`` writes the file in one child
process and reads it in another, which prints one JSON line with the steps' seconds and its
peak resident memory (MiB): the peak is the reader's alone. ``make bench`` (tools/bench.py)
runs it for 100 000, 1 000 000 and 5 000 000 rows.

* ``statement``: an income-statement export of the embedded entity's 16 lines for as many
  invented units as the rows need (8 columns as Heinola prints them, numbers grouped with
  spaces, budgets signed as the entity's sign convention wants them), taken through the
  clean stage's steps as ``helpers.clean.read_statements`` takes it: read and validated
  (``read_income_statement``, ``check_complete``); ``recompute_subtotals``; then the
  processed table (plain texts, the department's total, the sign check); the audit of the
  statement (``statement_audit.statement_audit``: every printed subtotal, Jäljellä, TOT-%
  and change, and the department against its areas). The peak is that of the whole path.
* ``ledger``: a monthly ledger (kuukausitoteumat: unit, line, month, euros with cents) read and
  validated by ``load_table``.

The amounts are random (fixed seed): every figure here is made up.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = 2024
PERIOD_END = dt.date(2024, 6, 30)
STATEMENT_HEADER = [
    "Yksikkö",
    "Rivi",
    "TP 2023",
    "TOT 2023 6 kk",
    "TA 2024 +muutos",
    "TOT 2024 6 kk",
    "Jäljellä",
    "TOT-24 %",
]


def finnish_integers(values: np.ndarray) -> pd.Series:
    """``-1234567`` → ``-1 234 567`` (space-grouped, as the finance system prints)."""
    return pd.Series(values).map(lambda v: f"{v:,}".replace(",", " "))


def finnish_cents(cents: np.ndarray) -> pd.Series:
    """``-72307619`` cents → ``-723 076,19``."""
    return pd.Series(cents).map(
        lambda c: (
            ("-" if c < 0 else "") + f"{abs(c) // 100:,}".replace(",", " ") + f",{abs(c) % 100:02d}"
        )
    )


def statement_config(units: int):
    """The embedded entity's lines with ``units`` invented units (the first is the department)."""
    from helpers.config import Unit, load_entity_config

    base = load_entity_config(ROOT / "data" / "raw", "heinola")
    invented = tuple(
        Unit(f"Yksikkö {i:07d}", f"Yksikkö {i:07d}", f"Y{i}", False) for i in range(units - 1)
    )
    return replace(base, units=(Unit("Toimiala", "Toimiala", "", True), *invented))


def write_statement(path: Path, rows: int):
    from helpers.config import load_entity_config

    lines = load_entity_config(ROOT / "data" / "raw", "heinola").line_names
    units = max(rows // len(lines), 2)
    config = statement_config(units)
    rng = np.random.default_rng(SEED)
    count = units * len(lines)
    amounts = rng.integers(-5_000_000, 5_000_000, size=(count, 4))
    # Budgeted income ≥ 0 and costs ≤ 0 (income_positive), so the sign check passes.
    amounts[:, 2] = np.abs(amounts[:, 2]) * np.tile(budget_signs(), units)
    budget, actual = amounts[:, 2], amounts[:, 3]
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(budget != 0, actual / budget * 100, np.nan)
    frame = pd.DataFrame(
        {
            "Yksikkö": np.repeat([u.label for u in config.units], len(lines)),
            "Rivi": np.tile(lines, units),
            "TP 2023": finnish_integers(amounts[:, 0]),
            "TOT 2023 6 kk": finnish_integers(amounts[:, 1]),
            "TA 2024 +muutos": finnish_integers(budget),
            "TOT 2024 6 kk": finnish_integers(actual),
            "Jäljellä": finnish_integers(budget - actual),
            "TOT-24 %": pd.Series(percent).map(
                lambda p: "" if np.isnan(p) else f"{p:.2f}".replace(".", ",")
            ),
        }
    )
    frame.to_csv(path, sep=";", index=False, lineterminator="\n")
    return config, count


def write_ledger(path: Path, rows: int) -> int:
    rng = np.random.default_rng(SEED)
    months = [f"{m}.{y}" for y in range(2016, 2025) for m in range(1, 13)][:102]  # to 6.2024
    per_unit = len(months) * 10  # ten lines a unit
    units = max(rows // per_unit, 1)
    count = units * per_unit
    frame = pd.DataFrame(
        {
            "Yksikkö": np.repeat([f"Yksikkö {i:06d}" for i in range(units)], per_unit),
            "Rivi": np.tile(np.repeat([f"Rivi {j}" for j in range(10)], len(months)), units),
            "Kuukausi": np.tile(months, units * 10),
            "Euroa": finnish_cents(rng.integers(-90_000_000, 90_000_000, size=count)),
        }
    )
    frame.to_csv(path, sep=";", index=False, lineterminator="\n")
    return count


def budget_signs() -> np.ndarray:
    """Per line of the embedded entity: -1 for the costs role's line and its parts (as
    printed under its income_positive convention), 1 for every other line."""
    from helpers.config import load_entity_config

    config = load_entity_config(ROOT / "data" / "raw", "heinola")
    sums = {line.name: line.sum_of for line in config.lines}
    costs, todo = set(), [config.cost_line]
    while todo:
        line = todo.pop()
        costs.add(line)
        todo += sums.get(line, ())
    return np.array([-1 if name in costs else 1 for name in config.line_names])


def statement_path(folder: Path) -> Path:
    return folder / "tuloslaskelma.csv"


def ledger_path(folder: Path) -> Path:
    return folder / "synteettinen" / "kuukausitoteumat.csv"


def bench_statement(folder: Path, rows: int) -> dict:
    """The clean stage's statement steps (``helpers.clean.read_statements``) on the file, each
    timed, with the peak after it."""
    from helpers.config import load_entity_config
    from helpers.income_statement import (
        check_complete,
        plain_texts,
        read_income_statement,
        recompute_subtotals,
    )
    from helpers.statement_audit import statement_audit
    from helpers.statement_conventions import add_department_total, check_sign_convention

    path = statement_path(folder)
    lines = load_entity_config(ROOT / "data" / "raw", "heinola").line_names
    config = statement_config(max(rows // len(lines), 2))
    count = len(config.units) * len(lines)
    timings, cpu, peaks = {}, {}, {}

    def step(name, function, *args):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function(*args)
        timings[name] = time.perf_counter() - started
        cpu[name] = time.process_time() - cpu_started
        peaks[name] = peak_mib()
        return result

    def read():
        exported, printed = read_income_statement(path, config, PERIOD_END)
        itemised = [line.name for line in config.lines if not line.is_subtotal]
        areas = [u.label for u in config.service_areas]
        check_complete(exported, path, areas, itemised)
        return exported, printed

    def processed_table(subtotalled):  # as read_statements does it
        processed = add_department_total(subtotalled, config)
        if processed is not subtotalled:
            processed = add_department_total(plain_texts(subtotalled), config)
        check_sign_convention(processed, printed, config, path)
        return plain_texts(processed)

    exported, printed = step("read and validate", read)
    subtotalled = step("recompute subtotals", recompute_subtotals, exported, config)
    processed = step("processed table", processed_table, subtotalled)
    del subtotalled
    step("audit", statement_audit, exported, processed, printed, config, path.name)
    return {"rows": count, "timings": timings, "cpu_timings": cpu, "peak_mib_after": peaks}


def peak_mib() -> float:
    """This process's peak resident memory so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_ledger(folder: Path, rows: int) -> dict:
    from helpers import catalog
    from helpers.ingest import load_table

    spec = catalog.MONTHLY_ACTUALS.raw
    count = sum(1 for _ in ledger_path(folder).open(encoding="utf-8")) - 1
    started, cpu_started = time.perf_counter(), time.process_time()
    table, _ = load_table(spec, folder, "synteettinen", PERIOD_END)
    timings = {"read and validate": time.perf_counter() - started}
    cpu = {"read and validate": time.process_time() - cpu_started}
    assert len(table) == count, (len(table), count)
    return {"rows": count, "timings": timings, "cpu_timings": cpu}


def write(kind: str, rows: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if kind.startswith("statement"):
        write_statement(statement_path(folder), rows)
    else:
        ledger_path(folder).parent.mkdir(parents=True, exist_ok=True)
        write_ledger(ledger_path(folder), rows)


def read(kind: str, rows: int, folder: Path) -> None:
    cpu = time.process_time()
    benches = {
        "statement": bench_statement,
        "ledger": bench_ledger,
    }
    result = benches[kind](folder, rows)
    result["cpu_s"] = time.process_time() - cpu
    result["peak_mib"] = peak_mib()
    result["kind"] = kind
    print(json.dumps(result))


def measure(kind: str, rows: int) -> dict:
    """Write the file in one child process, read it in another; the reader's JSON."""
    with tempfile.TemporaryDirectory() as folder:
        for step in ("write", "read"):
            done = subprocess.run(
                [sys.executable, __file__, step, kind, str(rows), folder],
                check=True,
                capture_output=True,
                text=True,
            )
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) == 5:
        {"write": write, "read": read}[sys.argv[1]](
            sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        )
    else:
        print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
