"""`make bench`: the runner against the naive CLI chain, measured in one run on one machine.

Reports medians and ratios (machines are noisy), and writes the table to
reports/.bench/bench.md. Measured:

1. a full period run (heinola 2024-06-30) by the runner against the naive chain: the
   papermill CLI, then the `jupyter nbconvert` CLI, for each of the four notebooks, both with
   the chart store off (every chart drawn, as in a period's first run); then the runner
   forced again with the charts in the store (a re-run of the same data);
2. the runner's re-run with nothing changed (a fresh process, as a user types it);
3. where a forced run's time goes: each stage as the runner timed it, and the HTML export of
   each executed notebook timed on its own;
4. edit-to-report: a warm report (its charts, parsed raw files and sections stored), then
   one raw text (an assessment) or one raw number (a population figure) edited, and the
   non-forced run that brings the report up to date (wall and CPU seconds);
5. 12 entity-periods (six copies of the Heinola data under other slugs × two periods) with
   `--jobs 2` against serial, and the same on a Dask LocalCluster of two worker processes;
6. SYNTHETIC income statements of 100 000, 1 000 000 and 5 000 000 rows and a 1 000 000-row
   monthly ledger read and validated (tools/bench_rows.py: time, CPU time and peak memory, each
   in a fresh process).

``--readme README.md`` rewrites the README's table (between its bench markers) with this
output, dated and with the machine named: no figure there is typed by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
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
# The chart store (helpers.chart_store) is off unless a part says otherwise (``chart_store``):
# the full-period comparison and the scale-out draw every chart, as a period's first run does.
CHART_STORE = "KUNTARAPORTTI_CHART_CACHE"
# Likewise the stores of parsed raw files (helpers.clean_cache) and of report sections
# (helpers.report.section_store): on only for the edit-to-report part, where they are what an
# analyst's second run finds.
CLEAN_STORE = "KUNTARAPORTTI_CLEAN_CACHE"
REPORT_STORE = "KUNTARAPORTTI_REPORT_CACHE"
EDIT_STORES = (CLEAN_STORE, REPORT_STORE)
ENV = {
    **os.environ,
    "JUPYTER_PLATFORM_DIRS": "1",
    CHART_STORE: "",
    CLEAN_STORE: "",
    REPORT_STORE: "",
}


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
        "import json; print(json.dumps([r.timings for r in results]))\n"
    )


def runner(out: Path, jobs, workers=1, raw=ROOT / "data" / "raw", force=True) -> float:
    return timed([PYTHON, "-c", runner_code(out, jobs, workers, raw, force)])


def runner_with_cpu(out: Path, jobs, workers: int, raw: Path) -> tuple[float, float]:
    """A forced run's wall-clock seconds and the CPU seconds of its whole process tree
    (runner, workers, kernels, browsers: every descendant is reaped before it ends)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = runner(out, jobs, workers, raw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


@contextlib.contextmanager
def chart_store(folder: Path):
    """The chart store on, in ``folder``, for the runs inside the ``with``."""
    ENV[CHART_STORE] = str(folder)
    try:
        yield folder
    finally:
        ENV[CHART_STORE] = ""


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


def median_of(function, *args) -> tuple[float, list[float]]:
    values = [function(*args) for _ in range(REPEAT)]
    return statistics.median(values), values


def runner_timings(out: Path, jobs) -> dict[str, float]:
    """A forced run's stage times as the runner measured them (the first job's)."""
    done = subprocess.run(
        [PYTHON, "-c", runner_code(out, jobs, 1, ROOT / "data" / "raw", True)],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])[0]


EXPORT_CODE = r"""
import json, sys, time
from pathlib import Path
from helpers.runner.export import export_html
started = time.perf_counter()
import nbconvert  # noqa: F401
timings = {"import nbconvert": time.perf_counter() - started}
for notebook in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    started = time.perf_counter()
    export_html(notebook, Path(sys.argv[2]) / (notebook.stem + ".html"), management=False)
    timings[f"export {notebook.stem}.html (analyst)"] = time.perf_counter() - started
print(json.dumps(timings))
"""


def export_timings(report: Path, scratch: Path) -> dict[str, float]:
    """Each executed notebook's analyst HTML export, timed on its own in a new process."""
    scratch.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [PYTHON, "-c", EXPORT_CODE, str(report / "notebooks"), str(scratch)],
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def edit_to_report(tmp: Path, counter) -> list[str]:
    """A warm report on a copy of the raw data, then one text edit and one number edit, each
    followed by the run an analyst would type (not forced). The stores of parsed raw files
    and of report sections are on (as in a project after its first run); the caller turns the
    chart store on. Each run's CPU seconds are those of its whole process tree (runner,
    kernel, browser)."""
    raw = tmp / "edit-raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    out = _fresh(tmp, next(counter))
    job = [("heinola", "2024-06-30")]
    ENV.update({name: str(tmp / name.lower()) for name in EDIT_STORES})
    try:
        runner(out, job, raw=raw)
        code = runner_code(out, job, 1, raw, force=False)
        edits = {
            "text edit (one unit's assessment, arviot.csv)": (
                raw / "heinola" / "2024-06-30" / "arviot.csv",
                _edit_text,
            ),
            "number edit (one population figure, vaesto.csv)": (
                raw / "heinola" / "vaesto.csv",
                _edit_number,
            ),
        }
        lines = []
        for name, (path, edit) in edits.items():
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(
                [PYTHON, "-c", code], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
            )
            seconds = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            timings = json.loads(done.stdout.strip().splitlines()[-1])[0]
            ran = ", ".join(stage for stage in STAGES if stage in timings) or "none"
            lines.append(
                f"| edit-to-report: {name} | {seconds:.2f} | single run; {cpu:.1f} CPU s; "
                f"load {load:.1f}; ran {ran} |"
            )
    finally:
        ENV.update(dict.fromkeys(EDIT_STORES, ""))
    return lines


def _edit_text(text: str) -> str:
    """The first data row's last cell (the assessment) gets one more sentence."""
    head, first, *rest = text.split("\n")
    return "\n".join([head, first.rstrip() + " Tilanne tarkentuu syksyllä.", *rest])


def _edit_number(text: str) -> str:
    """The first data row's population (the year before the period) grows by one resident."""
    head, first, *rest = text.split("\n")
    cells = first.split(";")
    cells[1] = str(int(cells[1].replace(" ", "")) + 1)
    return "\n".join([head, ";".join(cells), *rest])


def dask_local(jobs, raw: Path, out: Path) -> tuple[float, float]:
    """The same run on a Dask LocalCluster of two single-threaded worker processes: its
    wall-clock seconds (the cluster's start left out) and the CPU seconds of the whole
    process tree (the cluster's start included)."""
    code = (
        "from distributed import LocalCluster\n"
        "if __name__ == '__main__':\n"
        "    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,"
        " dashboard_address=None) as cluster:\n"
        "        import time\n"
        "        started = time.perf_counter()\n"
        + "\n".join(
            "        " + line
            for line in runner_code(out, jobs, 1, raw, True)
            .replace("workers=1, force=True)", "scheduler=cluster.scheduler_address, force=True)")
            .splitlines()
        )
        + "\n        print('SECONDS', time.perf_counter() - started)\n"
    )
    script = out / "dask_run.py"
    script.write_text(code, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [PYTHON, str(script)], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("SECONDS"))
    return float(line.split()[1]), cpu


def _shown(value: float | None, spec: str) -> str:
    """A table cell: the value formatted, or a dash for a step the file has not."""
    return "–" if value is None else format(value, spec)


def rows_growth() -> list[str]:
    sys.path.insert(0, str(ROOT / "tools"))
    from bench_rows import measure

    sizes = [int(n) for n in os.environ.get("BENCH_ROWS", "100000,1000000,5000000").split(",")]
    lines = [
        "",
        "SYNTHETIC exports (tools/bench_rows.py; each size read in a fresh process):",
        "",
        "| file | rows | read and validate s | subtotals s | audit s | CPU s "
        "| peak MiB to the processed table | peak MiB with the audit | s per 100 000 rows |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, rows in [("statement", n) for n in sizes] + [("ledger", 1_000_000)]:
        result = measure(kind, rows)
        timings = result["timings"]
        read = timings["read and validate"]
        subtotals, audit = (timings.get(step) for step in ("recompute subtotals", "audit"))
        before_audit = result.get("peak_mib_after", {}).get("processed table")
        lines.append(
            f"| {kind} | {result['rows']:,} | {read:.2f} | {_shown(subtotals, '.2f')} | "
            f"{_shown(audit, '.2f')} | {result['cpu_s']:.2f} | {_shown(before_audit, '.0f')} | "
            f"{result['peak_mib']:.0f} | {read / result['rows'] * 100_000:.2f} |"
        )
    return lines


def main(readme: Path | None = None) -> None:
    subprocess.run([PYTHON, "-c", "import helpers.runner as r; r.ensure_kernel()"], check=True)
    load = os.getloadavg()[0]
    lines = [
        "# Benchmark",
        "",
        f"{dt.date.today().isoformat()}; {platform.machine()} {platform.system()}, "
        f"{os.cpu_count()} CPUs (load average {load:.1f} at the start), "
        f"Python {sys.version.split()[0]}. Repetitions: {REPEAT}, paired "
        "(naive chain, then runner); medians in seconds.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        job = [("heinola", "2024-06-30")]
        counter = iter(range(1000))
        naive_all, ours_all = [], []
        for _ in range(REPEAT):
            naive_all.append(naive_chain(_fresh(tmp, next(counter))))
            ours_all.append(runner(_fresh(tmp, next(counter)), job))
        naive, ours = statistics.median(naive_all), statistics.median(ours_all)
        ratio = statistics.median(n / o for n, o in zip(naive_all, ours_all, strict=True))
        lines += [
            "| measurement | median s | all runs s |",
            "|---|---:|---|",
            f"| naive chain: papermill CLI + nbconvert CLI per notebook | {naive:.2f} | "
            f"{_list(naive_all)} |",
            f"| runner, full period (forced) | {ours:.2f} | {_list(ours_all)} |",
            f"| **speed-up** (median of the paired ratios) | **{ratio:.1f}×** | |",
        ]
        with chart_store(tmp / "chart-store"):
            runner(_fresh(tmp, next(counter)), job)  # puts the charts in the store
            stored, stored_all = median_of(lambda: runner(_fresh(tmp, next(counter)), job))
        lines += [
            f"| runner, full period (forced) with its charts in the store | {stored:.2f} | "
            f"{_list(stored_all)} |",
            f"| **speed-up with stored charts** (naive median / this median) | "
            f"**{naive / stored:.1f}×** | |",
        ]
        warm = _fresh(tmp, next(counter))
        stages = runner_timings(warm, job)
        code = runner_code(warm, job, 1, ROOT / "data" / "raw", force=False)
        nochange, nochange_all = median_of(lambda: timed([PYTHON, "-c", code]))
        lines.append(
            f"| runner, re-run with nothing changed (new process) | {nochange:.2f} | "
            f"{_list(nochange_all)} |"
        )
        with chart_store(tmp / "chart-store-edits"):
            lines += edit_to_report(tmp, counter)
        copies = tmp / "copies"
        jobs = copies_of_heinola(copies, 6)
        serial, serial_cpu = runner_with_cpu(_fresh(tmp, next(counter)), jobs, 1, copies / "raw")
        parallel, parallel_cpu = runner_with_cpu(
            _fresh(tmp, next(counter)), jobs, 2, copies / "raw"
        )
        dask, dask_cpu = dask_local(jobs, copies / "raw", _fresh(tmp, next(counter)))
        lines += [
            f"| 12 entity-periods, serial (one at a time, one kernel) | {serial:.2f} | "
            f"single run; {serial_cpu:.0f} CPU s |",
            f"| 12 entity-periods, `--jobs 2` (two workers, each two entity-periods in "
            f"flight) | {parallel:.2f} | single run; {parallel_cpu:.0f} CPU s |",
            f"| **parallel speed-up** | **{serial / parallel:.1f}×** | |",
            f"| 12 entity-periods, Dask LocalCluster (2 single-threaded workers, a kernel "
            f"each) | {dask:.2f} | single run; {dask_cpu:.0f} CPU s with the cluster's start |",
            f"| **Dask speed-up** | **{serial / dask:.1f}×** | |",
        ]
        exports = export_timings(warm / "reports" / "heinola" / "2024-06-30", tmp / "exports")
    lines += [
        "",
        "Where a forced run's time goes (one run; stage = its notebook executed in the shared "
        "kernel; exports timed separately in a new process):",
        "",
        "| part | seconds |",
        "|---|---:|",
    ]
    lines += [
        f"| {'stage ' if part in STAGES else ''}{part} | {seconds:.2f} |"
        for part, seconds in stages.items()
    ]
    lines += [f"| {part} | {seconds:.2f} |" for part, seconds in exports.items()]
    lines += rows_growth()
    text = "\n".join(lines) + "\n"
    out = ROOT / "reports" / ".bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.md").write_text(text, encoding="utf-8")
    print(text)
    if readme:
        rewrite_readme(readme, text)


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def rewrite_readme(path: Path, bench_text: str) -> None:
    """Put ``bench_text`` (without its title) between the README's bench markers."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: markers {BEGIN} … {END} not found")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    body = bench_text.split("\n", 2)[2].strip()  # without "# Benchmark" and its blank line
    path.write_text(f"{head}{BEGIN}\n{body}\n{END}{tail}", encoding="utf-8")


def _fresh(tmp: Path, number: int) -> Path:
    folder = tmp / f"run{number}"
    folder.mkdir()
    return folder


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    parser = argparse.ArgumentParser(description="Benchmark the runner and the ingest code.")
    parser.add_argument("--readme", type=Path, help="rewrite the bench table in this README")
    parser.add_argument(
        "--last",
        action="store_true",
        help="do not measure: put the last run's reports/.bench/bench.md into --readme",
    )
    args = parser.parse_args()
    if args.last:
        last = (ROOT / "reports" / ".bench" / "bench.md").read_text(encoding="utf-8")
        rewrite_readme(args.readme or ROOT / "README.md", last)
    else:
        main(args.readme)
