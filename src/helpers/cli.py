"""Command line: ``python -m helpers.cli run --entity heinola --period-end 2024-06-30``."""

from __future__ import annotations

import argparse
import sys

from helpers.config import Paths
from helpers.errors import InputDataError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kuntaraportti", description="Run the welfare-department report suite."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run all stages for one entity and period")
    run.add_argument("--entity", default="heinola", help="entity slug (default: heinola)")
    run.add_argument("--period-end", default="2024-06-30", help="ISO date, e.g. 2024-06-30")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from helpers.run import StageFailed, run_period

    try:
        result = run_period(args.entity, args.period_end, Paths.default())
    except (ValueError, InputDataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StageFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    total = sum(result.timings.values())
    print(f"report: {result.report_dir / 'index.html'} ({total:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
