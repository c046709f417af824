"""Many entity-periods: which to run (``--all``, ``--runs``), how (serially, in ``jobs``
processes, or on a Dask cluster), and a summary table of what happened."""

from __future__ import annotations

from pathlib import Path

import yaml

from helpers.config import (
    ENTITY_CONFIG_NAME,
    Paths,
    load_entity_config,
    parse_period_end,
    validate_entity,
)
from helpers.runner.period import RunResult
from helpers.runner.workers import run_in_processes, run_job


def periods_in_data(raw: Path, entity: str) -> list[str]:
    """Every period of an entity: ``<period_end>/`` folders and ``reporting_periods``."""
    found = set(load_entity_config(raw, entity).reporting_periods)
    for folder in (raw / entity).iterdir():
        if folder.is_dir():
            try:
                found.add(parse_period_end(folder.name).isoformat())
            except ValueError:
                continue
    return sorted(found)


def entities_in_data(raw: Path) -> list[str]:
    """Every entity with an ``entity.yml`` under ``raw``."""
    return sorted(p.parent.name for p in raw.glob(f"*/{ENTITY_CONFIG_NAME}"))


def all_jobs(raw: Path) -> list[tuple[str, str]]:
    """Every ``(entity, period_end)`` present in the data."""
    return [(e, p) for e in entities_in_data(raw) for p in periods_in_data(raw, e)]


def jobs_from_yaml(path: Path) -> list[tuple[str, str]]:
    """A run set: ``runs: [{entity: heinola, periods: [2024-03-31, 2024-06-30]}, ...]``."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    except ValueError as exc:  # YAML reads 2024-06-31 as a date and fails on it
        raise ValueError(f"{path}: a date that does not exist ({exc})") from None
    jobs = []
    for number, item in enumerate(data.get("runs", []) if isinstance(data, dict) else [], 1):
        try:
            entity = validate_entity(str(item["entity"]))
            for period in item.get("periods", []):
                jobs.append((entity, parse_period_end(str(period)).isoformat()))
        except (KeyError, TypeError, AttributeError):
            raise ValueError(f"{path}: run {number} needs 'entity' and 'periods'") from None
        except ValueError as exc:
            raise ValueError(f"{path}: run {number}: {exc}") from None
    if not jobs:
        raise ValueError(f"{path}: no runs listed (expected 'runs: [{{entity, periods}}]')")
    return jobs


def run_many(
    jobs: list[tuple[str, str]],
    paths: Paths | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
) -> list[RunResult]:
    """Run entity-periods serially (one at a time, in this process's kernel), in
    ``workers`` local processes (``helpers.runner.workers``), or on a Dask scheduler
    (``helpers.runner.cluster``)."""
    paths = paths or Paths.default()
    if scheduler:
        from helpers.runner.cluster import run_on_dask  # lazy: Dask is slow to import

        return run_on_dask(jobs, paths, scheduler, force, longest_first(jobs))
    if workers <= 1 or len(jobs) <= 1:
        return [run_job(entity, period, paths, force, True) for entity, period in jobs]
    return run_in_processes(jobs, paths, workers, force, longest_first(jobs))


def longest_first(jobs: list[tuple[str, str]]) -> list[int]:
    """The jobs' indexes in the order to hand them to parallel workers (processes or
    Dask): the later period-ends of a year first (they hold more months of data and, after
    the first quarter, the income statement, so they take longest), so that the run ends on
    short jobs rather than on one long job with the other workers idle."""
    return sorted(range(len(jobs)), key=lambda i: str(jobs[i][1])[5:], reverse=True)


def summary(results: list[RunResult]) -> str:
    """A table of every entity-period with its status and time."""
    lines = [f"{'entity':<14}{'period':<12}{'status':<12}{'seconds':>8}  stages run"]
    for r in results:
        ran = ", ".join(r.ran) if r.ran else "-"
        lines.append(f"{r.entity:<14}{r.period_end:<12}{r.status:<12}{r.seconds:>8.1f}  {ran}")
    failed = sum(r.status == "failed" for r in results)
    lines.append(f"{len(results)} entity-periods, {failed} failed")
    return "\n".join(lines)
