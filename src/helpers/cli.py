"""Command line: ``python -m helpers.cli run --entity heinola --period-end 2024-06-30``.

``run --all`` runs every entity and period present in the data, ``run --runs runs.yml`` a
listed run set; ``--jobs N`` uses N processes, ``--scheduler ADDRESS`` a Dask cluster, and
``--force`` re-runs stages that are up to date.
"""

from __future__ import annotations

import argparse
import sys
import time

from helpers.config import Paths


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
    helper = sub.add_parser("help-notebook", help="list each stage notebook's parameters")
    helper.add_argument("stage", nargs="?", help="one stage, e.g. 10_clean (default: all)")
    return parser


def help_notebook(stage: str | None) -> int:
    from helpers.runner.execute import notebook_parameters
    from helpers.runner.keys import STAGES

    stages = [stage] if stage else list(STAGES)
    for name in stages:
        path = Paths.default().notebooks / f"{name}.ipynb"
        if not path.is_file():
            print(f"error: no notebook {path}", file=sys.stderr)
            return 2
        print(f"{name}:")
        for parameter, default in notebook_parameters(path).items():
            print(f"  {parameter} = {default}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "help-notebook":
        return help_notebook(args.stage)
    from helpers.runner import all_jobs, jobs_from_yaml, run_many, summary

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
