"""Command line: ``python -m helpers.cli run --entity heinola --period-end 2024-06-30``.

``run --all`` runs every entity and period present in the data, ``run --runs runs.yml`` a
listed run set; ``--jobs N`` uses N processes, ``--scheduler ADDRESS`` a Dask cluster, and
``--force`` re-runs stages that are up to date. ``notebook STAGE -p NAME VALUE`` runs one
stage notebook with chosen parameters; ``help-notebook [STAGE]`` explains the parameters.
"""

from __future__ import annotations

import argparse
import sys
import time

from helpers.config import Paths
from helpers.runner import all_jobs, jobs_from_yaml, run_many, summary


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kuntaraportti", description="Run the welfare-department report suite."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the stages for one or many entity-periods")
    run.add_argument("--entity", default="heinola", help="entity slug (default: heinola)")
    run.add_argument("--period-end", default="2024-06-30", help="ISO date, e.g. 2024-06-30")
    which = run.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every entity and period in the data")
    which.add_argument("--runs", metavar="YAML", help="a run set of entities × periods")
    run.add_argument("--jobs", type=int, default=1, help="parallel processes (default 1)")
    run.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler to run on")
    run.add_argument("--force", action="store_true", help="re-run stages that are up to date")
    one = sub.add_parser(
        "notebook",
        help="run one stage notebook with chosen parameters (see help-notebook)",
        description="Run one stage notebook with papermill, in notebooks/ as JupyterLab does. "
        "A parameter the notebook does not declare is an error.",
    )
    one.add_argument("stage", help="the stage, e.g. 20_indicators")
    one.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter of the notebook (repeatable), e.g. -p period_end 2024-06-30",
    )
    one.add_argument(
        "--output",
        metavar="IPYNB",
        help="the executed notebook (default: build/notebooks/<entity>/<period_end>/)",
    )
    helper = sub.add_parser(
        "help-notebook", help="each stage notebook's parameters, valid values and run order"
    )
    helper.add_argument("stage", nargs="?", help="one stage, e.g. 10_clean (default: all)")
    return parser


def help_notebook(stage: str | None) -> int:
    # Lazy: helpers.notebook_run imports the catalog (pandas, pandera), which `run` must not
    # pay for at start-up (an up-to-date run takes a fraction of a second).
    from helpers.notebook_run import STAGES, describe_notebook, run_order

    if stage is not None and stage not in STAGES:
        print(
            f"error: unknown notebook {stage!r} (the stages: {', '.join(STAGES)})", file=sys.stderr
        )
        return 2
    print(run_order())
    for name in [stage] if stage else STAGES:
        print()
        print(describe_notebook(name))
    return 0


def run_one_notebook(stage: str, pairs: list[list[str]], output: str | None) -> int:
    from helpers.notebook_run import NotebookRunError, run_notebook  # lazy: see help_notebook

    parameters = dict(pairs)
    if len(parameters) < len(pairs):
        print("error: a parameter is given twice", file=sys.stderr)
        return 2
    try:
        executed = run_notebook(stage, parameters, output)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NotebookRunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"executed notebook: {executed}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "help-notebook":
        return help_notebook(args.stage)
    if args.command == "notebook":
        return run_one_notebook(args.stage, args.parameter, args.output)
    started = time.perf_counter()
    paths = Paths.default()
    try:
        if args.all:
            jobs = all_jobs(paths.raw)
        elif args.runs:
            jobs = jobs_from_yaml(args.runs)
        else:
            jobs = [(args.entity, args.period_end)]
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results = run_many(jobs, paths, workers=args.jobs, scheduler=args.scheduler, force=args.force)
    print(summary(results))
    for result in results:
        if result.status != "failed":
            print(f"report: {result.report_dir}/index.html")
    print(f"total {time.perf_counter() - started:.2f} s")
    if any(r.status == "failed" for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
