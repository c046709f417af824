"""helpers.runner.stages: which stage is kept after an earlier one ran, and a failed run's
notebooks kept apart."""

import dataclasses
import datetime as dt
import types
from concurrent.futures import Future, ThreadPoolExecutor

from runner_support import paths_at, quiet

from helpers.runner import stages
from helpers.runner.keys import REPORT_STAGE, STAGES
from helpers.runner.loading import Declarations
from helpers.runner.period import Plan, RunResult
from helpers.runner.stages import Keyed, _keeps, keep_failed, run_stages

REPORT_STAGE_INDEX = STAGES.index(REPORT_STAGE)

DAY = dt.date(2024, 6, 30)


def declarations(writes: dict[str, tuple[str, ...]]) -> Declarations:
    """The stages' declared writes, as a loaded catalog would give them."""
    catalog = types.SimpleNamespace(
        stage_writes=lambda stage: writes.get(stage, ()), stage_reads=lambda stage: []
    )
    loaded: Future = Future()
    loaded.set_result(catalog)
    return Declarations(loaded)


def plan_with_report(tmp_path, previous_keys: dict[str, str]) -> Plan:
    plan = Plan("acme", DAY, paths_at(tmp_path), {}, {}, first=0, previous_keys=previous_keys)
    (plan.report_dir / "notebooks").mkdir(parents=True)
    for stage in STAGES:
        (plan.report_dir / "notebooks" / f"{stage}.ipynb").write_text("{}", encoding="utf-8")
    plan.staged_processed.mkdir(parents=True)
    return plan


def test_a_stage_is_kept_only_with_its_previous_key_its_notebook_and_no_unknown_file(tmp_path):
    indicators, forecast, report = STAGES[1], STAGES[2], STAGES[3]
    keys = {indicators: "k1", forecast: "k2", report: "k3"}
    plan = plan_with_report(tmp_path, dict(keys))
    declared = declarations({indicators: ("total.csv",)})
    keyed = Keyed(keys=dict(keys))
    assert _keeps(plan, indicators, keyed, declared)
    assert not _keeps(plan, report, keyed, declared)  # the report always runs again
    keyed.keys[forecast] = "changed"  # what it reads changed
    assert not _keeps(plan, forecast, keyed, declared)
    (plan.report_dir / "notebooks" / f"{indicators}.ipynb").unlink()
    assert not _keeps(plan, indicators, keyed, declared)  # its notebook is gone


def test_an_undeclared_processed_file_makes_the_later_stages_run(tmp_path):
    indicators = STAGES[1]
    plan = plan_with_report(tmp_path, {indicators: "k1"})
    declared = declarations({indicators: ("total.csv",)})
    (plan.staged_processed / "total.csv").write_text("6", encoding="utf-8")
    assert _keeps(plan, indicators, Keyed(keys={indicators: "k1"}), declared)
    (plan.staged_processed / "extra.csv").write_text("?", encoding="utf-8")
    assert not _keeps(plan, indicators, Keyed(keys={indicators: "k1"}), declared)


def test_a_failed_run_keeps_only_its_own_notebooks(tmp_path):
    executed = tmp_path / "staging" / "notebooks"
    executed.mkdir(parents=True)
    (executed / "10_clean.ipynb").write_text("clean", encoding="utf-8")
    failed = tmp_path / ".2024-06-30.failed"
    failed.mkdir()
    (failed / "30_forecast.ipynb").write_text("an earlier failure", encoding="utf-8")
    keep_failed(executed, failed)
    assert sorted(p.name for p in failed.iterdir()) == ["10_clean.ipynb"]
    assert (failed / "10_clean.ipynb").read_text(encoding="utf-8") == "clean"


def test_the_pdf_page_is_asked_for_as_the_report_stage_starts_and_not_before(tmp_path, monkeypatch):
    """The runner's core is busy with its own imports during the first stages; the PDF's
    page is opened (``before_report``) when the report stage starts, whichever stages ran."""
    plan = plan_with_report(tmp_path, {})
    for stage in STAGES:
        (plan.report_dir / "notebooks" / f"{stage}.html").write_text("", encoding="utf-8")
    staging = tmp_path / "staging"
    (staging / "notebooks").mkdir(parents=True)
    events = []

    def execute(plan, staging, session, stage, *rest):
        events.append(stage)

    monkeypatch.setattr(stages, "_execute", execute)
    monkeypatch.setattr(stages, "_reuse_page", lambda *args: True)  # no analyst page
    result = RunResult("acme", DAY.isoformat(), str(plan.report_dir))
    for first in (0, STAGES.index(REPORT_STAGE)):
        events.clear()
        planned = dataclasses.replace(plan, first=first)
        with ThreadPoolExecutor(1) as pool:
            run_stages(
                planned,
                staging,
                None,
                (pool, []),
                result,
                quiet,
                declarations({}),
                lambda: events.append("prepare"),
            )
        assert events == [*STAGES[first:REPORT_STAGE_INDEX], "prepare", REPORT_STAGE]
