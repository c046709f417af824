"""`make bench`: the runner against the naive CLI chain, measured in one run on one machine.

Reports medians and ratios (machines are noisy), and writes the table to
reports/.bench/bench.md. Measured:

1. a full period run (heinola 2024-06-30) by the runner against the naive chain: the
   papermill CLI, then the `jupyter nbconvert` CLI, for each of the four notebooks;
2. the runner's re-run with nothing changed (a fresh process, as a user types it);
3. 12 entity-periods (six copies of the Heinola data under other slugs × two periods) with
   `--jobs 2` against serial;
4. a SYNTHETIC ledger of 1 000 000 income-statement rows through the clean and indicator
   functions, with time and peak memory (measured in a child process).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
STAGES = ("10_clean", "20_indicators", "30_forecast", "40_report")
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
ENV = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}


def timed(command: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def naive_chain(out: Path) -> float:
    """papermill CLI then jupyter nbconvert CLI, notebook by notebook."""
    started = time.perf_counter()
    for stage in STAGES:
        executed = out / f"{stage}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                "-k",
                "kuntaraportti",
                "--cwd",
                str(ROOT / "notebooks"),
                str(ROOT / "notebooks" / f"{stage}.ipynb"),
                str(executed),
                "-p",
                "entity",
                "heinola",
                "-p",
                "period_end",
                "2024-06-30",
                "-p",
                "raw_dir",
                str(ROOT / "data" / "raw"),
                "-p",
                "processed_dir",
                str(out / "processed"),
                "-p",
                "reports_dir",
                str(out / "reports"),
            ],
            env=ENV,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
            env=ENV,
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def runner_code(out: Path, jobs: list[tuple[str, str]], workers: int, raw: Path, force=True):
    return (
        "from pathlib import Path\n"
        "from helpers.config import Paths\n"
        "from helpers.runner import run_many\n"
        f"paths = Paths(raw=Path({str(raw)!r}), processed=Path({str(out / 'processed')!r}),"
        f" reports=Path({str(out / 'reports')!r}), notebooks=Path({str(ROOT / 'notebooks')!r}))\n"
        f"results = run_many({jobs!r}, paths, workers={workers}, force={force})\n"
        "assert all(r.status != 'failed' for r in results), [r.error for r in results]\n"
    )


def runner(out: Path, jobs, workers=1, raw=ROOT / "data" / "raw", force=True) -> float:
    return timed([PYTHON, "-c", runner_code(out, jobs, workers, raw, force)])


def copies_of_heinola(target: Path, count: int) -> list[tuple[str, str]]:
    """Six copies of the embedded data under other slugs (the same numbers, not new data)."""
    raw = target / "raw"
    raw.mkdir(parents=True)
    for national in (ROOT / "data" / "raw").glob("*.csv"):
        shutil.copy(national, raw / national.name)
    jobs = []
    for number in range(1, count + 1):
        slug = f"kopio{number:02d}"
        shutil.copytree(ROOT / "data" / "raw" / "heinola", raw / slug)
        jobs += [(slug, "2024-03-31"), (slug, "2024-06-30")]
    return jobs


LEDGER_CODE = r"""
import datetime as dt, resource, sys, time
from pathlib import Path
import numpy as np
from helpers.config import EntityConfig, Unit, load_entity_config
from helpers.income_statement import read_income_statement, recompute_subtotals
from helpers.indicators import budget_realisation, per_capita_costs, statement_net_costs

rows, folder = int(sys.argv[1]), Path(sys.argv[2])
base = load_entity_config(Path(sys.argv[3]), "heinola")
lines = base.line_names
units = rows // len(lines)
config = EntityConfig(
    slug="synteettinen", municipality="Synteettinen", department="Toimiala",
    report_title="Synteettinen", source=folder,
    units=(Unit("Toimiala", "Toimiala", "", True),)
    + tuple(Unit(f"Yksikkö {i:06d}", f"Yksikkö {i:06d}", f"Y{i}", False) for i in range(units - 1)),
    lines=base.lines, summary_lines={}, key_figure_units={}, reporting_periods=(),
)
rng = np.random.default_rng(2024)  # SYNTHETIC amounts
path = folder / "tuloslaskelma.csv"
with path.open("w", encoding="utf-8") as out:
    out.write("Yksikkö;Rivi;TP 2023;TOT 2023 6 kk;TA 2024 +muutos;TOT 2024 6 kk;"
              "Jäljellä;TOT-24 %\n")
    amounts = rng.integers(-5_000_000, 5_000_000, size=(units * len(lines), 4))
    for index, unit in enumerate(config.units):
        for j, line in enumerate(lines):
            a = amounts[index * len(lines) + j]
            out.write(f"{unit.label};{line};{a[0]};{a[1]};{a[2]};{a[3]};{a[2] - a[3]};\n")
timings = {}
started = time.perf_counter()
tidy, printed = read_income_statement(path, config, dt.date(2024, 6, 30))
timings["read and validate"] = time.perf_counter() - started
started = time.perf_counter()
statement = recompute_subtotals(tidy, config)
timings["recompute subtotals"] = time.perf_counter() - started
started = time.perf_counter()
budget_realisation(statement)
per_capita_costs(statement_net_costs(statement), 17_953)
timings["indicators"] = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(__import__("json").dumps({"rows": units * len(lines), "timings": timings, "peak_mib": peak}))
"""


def ledger(rows: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [PYTHON, "-c", LEDGER_CODE, str(rows), folder, str(ROOT / "data" / "raw")],
            env=ENV,
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(function, *args) -> tuple[float, list[float]]:
    values = [function(*args) for _ in range(REPEAT)]
    return statistics.median(values), values


def main() -> None:
    subprocess.run([PYTHON, "-c", "import helpers.runner as r; r.ensure_kernel()"], check=True)
    lines = ["# Benchmark", "", f"Repetitions: {REPEAT}; medians in seconds.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        job = [("heinola", "2024-06-30")]
        counter = iter(range(1000))
        naive, naive_all = median_of(lambda: naive_chain(_fresh(tmp, next(counter))))
        ours, ours_all = median_of(lambda: runner(_fresh(tmp, next(counter)), job))
        lines += [
            "| measurement | median s | all runs s |",
            "|---|---:|---|",
            f"| naive chain: papermill CLI + nbconvert CLI per notebook | {naive:.2f} | "
            f"{_list(naive_all)} |",
            f"| runner, full period (forced) | {ours:.2f} | {_list(ours_all)} |",
            f"| **speed-up** | **{naive / ours:.1f}×** | |",
        ]
        warm = _fresh(tmp, next(counter))
        runner(warm, job)
        code = runner_code(warm, job, 1, ROOT / "data" / "raw", force=False)
        nochange, nochange_all = median_of(lambda: timed([PYTHON, "-c", code]))
        lines.append(
            f"| runner, re-run with nothing changed (new process) | {nochange:.2f} | "
            f"{_list(nochange_all)} |"
        )
        copies = tmp / "copies"
        jobs = copies_of_heinola(copies, 6)
        serial = runner(_fresh(tmp, next(counter)), jobs, 1, copies / "raw")
        parallel = runner(_fresh(tmp, next(counter)), jobs, 2, copies / "raw")
        lines += [
            f"| 12 entity-periods, serial | {serial:.2f} | single run |",
            f"| 12 entity-periods, `--jobs 2` | {parallel:.2f} | single run |",
            f"| **parallel speed-up** | **{serial / parallel:.1f}×** | |",
        ]
    result = ledger(1_000_000)
    lines += [
        "",
        f"SYNTHETIC ledger: {result['rows']:,} income-statement rows "
        f"(peak memory {result['peak_mib']:.0f} MiB).",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    lines += [f"| {step} | {seconds:.2f} |" for step, seconds in result["timings"].items()]
    lines += ["", f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}."]
    text = "\n".join(lines) + "\n"
    out = ROOT / "reports" / ".bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.md").write_text(text, encoding="utf-8")
    print(text)


def _fresh(tmp: Path, number: int) -> Path:
    folder = tmp / f"run{number}"
    folder.mkdir()
    return folder


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
