"""helpers.runner.keys: which raw files a run reads, chained stage keys, the up-to-date
decision."""

import datetime as dt
import hashlib
import json
import shutil

import pytest

from helpers.config import PROJECT_ROOT, Paths
from helpers.runner.keys import (
    STAGES,
    covered_inputs,
    first_stale_stage,
    input_files,
    input_hashes,
    output_hashes,
    planned_keys,
    recorded_outputs,
    undeclared_files,
)

DAY = dt.date(2024, 6, 30)


def raw_tree(root):
    """A raw folder with a national file, an entity file and files of two periods."""
    (root / "acme" / "2024-06-30").mkdir(parents=True)
    (root / "acme" / "2024-03-31").mkdir()
    (root / "national.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (root / "README.md").write_text("not an input", encoding="utf-8")
    (root / "acme" / "entity.yml").write_text("municipality: Acme\n", encoding="utf-8")
    (root / "acme" / "2024-06-30" / "tuloslaskelma.csv").write_text("x\n", encoding="utf-8")
    (root / "acme" / "2024-03-31" / "tuloslaskelma.csv").write_text("y\n", encoding="utf-8")
    return root


def test_input_files_are_the_national_entity_and_period_files(tmp_path):
    raw = raw_tree(tmp_path)
    names = [str(p.relative_to(raw)) for p in input_files(raw, "acme", DAY)]
    # README.md is not data; the other period's statement is not this period's input.
    assert names == ["acme/2024-06-30/tuloslaskelma.csv", "acme/entity.yml", "national.csv"]


def test_input_hashes_are_sha256_of_the_bytes(tmp_path):
    raw = raw_tree(tmp_path)
    hashes = input_hashes(raw, "acme", DAY)
    assert hashes["national.csv"] == hashlib.sha256(b"a;b\n1;2\n").hexdigest()
    assert hashes["acme/2024-06-30/tuloslaskelma.csv"] == hashlib.sha256(b"x\n").hexdigest()


def notebooks_copy(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(PROJECT_ROOT / "notebooks", notebooks)
    return Paths(tmp_path / "raw", tmp_path / "processed", tmp_path / "reports", notebooks)


def changed_stages(before, after):
    return [stage for stage in STAGES if before[stage] != after[stage]]


INPUTS = {
    "national.csv": "0" * 64,
    "acme/entity.yml": "1" * 64,
    "acme/2024-06-30/arviot.csv": "2" * 64,
}
READS = {
    "20_indicators": ["population.parquet"],
    "30_forecast": ["population.parquet", "unit_cost_volumes.parquet"],
    "40_report": ["population.parquet", "assessments.parquet", "forecast.parquet"],
}


def keys_for(paths, processed, inputs=INPUTS, period="2024-06-30"):
    parameters = {"entity": "acme", "period_end": period}
    return planned_keys(paths, parameters, inputs, processed, READS)


def test_each_stage_is_keyed_on_what_it_reads(tmp_path):
    paths = notebooks_copy(tmp_path)
    processed = tmp_path / "period"
    processed.mkdir()
    (processed / "population.parquet").write_bytes(b"p1")
    (processed / "assessments.parquet").write_bytes(b"a1")
    keys = keys_for(paths, processed)
    assert list(keys) == list(STAGES) and len(set(keys.values())) == len(STAGES)
    assert keys_for(paths, processed) == keys  # deterministic
    # A raw text edit: only the clean stage reads raw files other than the configuration.
    edited = {**INPUTS, "acme/2024-06-30/arviot.csv": "3" * 64}
    assert changed_stages(keys, keys_for(paths, processed, edited)) == ["10_clean"]
    # The configuration is read by every stage; so are the parameters.
    config = {**INPUTS, "acme/entity.yml": "4" * 64}
    assert changed_stages(keys, keys_for(paths, processed, config)) == list(STAGES)
    assert changed_stages(keys, keys_for(paths, processed, period="2024-03-31")) == list(STAGES)
    # A dataset changes the keys of the stages that read it, and no other.
    (processed / "assessments.parquet").write_bytes(b"a2")
    assert changed_stages(keys, keys_for(paths, processed)) == ["40_report"]
    (processed / "population.parquet").write_bytes(b"p2")
    assert changed_stages(keys, keys_for(paths, processed)) == [
        "20_indicators",
        "30_forecast",
        "40_report",
    ]
    # A dataset that appears where the period had none is a change too.
    (processed / "population.parquet").write_bytes(b"p1")
    (processed / "assessments.parquet").write_bytes(b"a1")
    (processed / "unit_cost_volumes.parquet").write_bytes(b"v")
    assert changed_stages(keys, keys_for(paths, processed)) == ["30_forecast"]


def test_a_changed_notebook_changes_its_own_key(tmp_path):
    paths = notebooks_copy(tmp_path)
    keys = keys_for(paths, tmp_path / "none")
    forecast = paths.notebooks / "30_forecast.ipynb"
    forecast.write_bytes(forecast.read_bytes() + b"\n")
    assert changed_stages(keys, keys_for(paths, tmp_path / "none")) == ["30_forecast"]


def test_a_stage_without_recorded_reads_has_no_key(tmp_path):
    paths = notebooks_copy(tmp_path)
    parameters = {"entity": "acme", "period_end": "2024-06-30"}
    keys = planned_keys(paths, parameters, INPUTS, tmp_path, {})
    assert keys["10_clean"] and [keys[s] for s in STAGES[1:]] == ["", "", ""]
    report, processed, manifest = published(tmp_path / "pub", keys)
    assert first_stale_stage(keys, manifest, report, processed) == 1


def test_covered_inputs_name_the_configuration_and_the_declared_files(tmp_path):
    (tmp_path / "population.parquet").write_bytes(b"p")
    covered = covered_inputs("20_indicators", INPUTS, "acme", tmp_path, ["population.parquet"])
    assert covered == {
        "acme/entity.yml": "1" * 64,
        "processed/population.parquet": hashlib.sha256(b"p").hexdigest(),
    }
    assert covered_inputs("10_clean", INPUTS, "acme", tmp_path, ["x"]) == INPUTS


def test_undeclared_files_are_the_ones_no_stage_writes(tmp_path):
    (tmp_path / "audit.parquet").write_bytes(b"a")
    (tmp_path / "numbers.csv").write_bytes(b"1")
    assert undeclared_files(tmp_path, {"audit.parquet"}) == ["numbers.csv"]
    assert undeclared_files(tmp_path / "missing", set()) == []


def published(tmp_path, keys, *, missing=()):
    """A report folder and processed folder as a successful run leaves them, and a manifest
    that records them (``missing`` files were never written)."""
    report, processed = tmp_path / "report", tmp_path / "processed"
    (report / "notebooks").mkdir(parents=True)
    processed.mkdir()
    files = [report / "index.html", processed / "audit.parquet"]
    files += [report / "notebooks" / f"{stage}.ipynb" for stage in STAGES]
    for path in files:
        if path.name not in missing:
            path.write_bytes(b"x")
    manifest = {"stages": keys, "outputs": recorded_outputs(report, processed)}
    (report / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return report, processed, manifest


KEYS = {stage: f"key-{stage}" for stage in STAGES}


def test_all_stages_up_to_date(tmp_path):
    report, processed, manifest = published(tmp_path, KEYS)
    assert first_stale_stage(KEYS, manifest, report, processed) == len(STAGES)


def test_the_first_stage_whose_key_changed_runs(tmp_path):
    report, processed, manifest = published(tmp_path, KEYS)
    assert first_stale_stage({**KEYS, "30_forecast": "new"}, manifest, report, processed) == 2


def test_a_missing_executed_notebook_reruns_its_stage(tmp_path):
    report, processed, manifest = published(tmp_path, KEYS, missing=("20_indicators.ipynb",))
    assert first_stale_stage(KEYS, manifest, report, processed) == 1


def test_no_report_or_no_processed_data_reruns_everything(tmp_path):
    report, processed, manifest = published(tmp_path, KEYS, missing=("index.html",))
    assert first_stale_stage(KEYS, manifest, report, processed) == 0
    report, processed, manifest = published(tmp_path / "b", KEYS)
    shutil.rmtree(processed)
    assert first_stale_stage(KEYS, manifest, report, processed) == 0
    report, processed, _ = published(tmp_path / "c", KEYS)
    assert first_stale_stage(KEYS, {}, report, processed) == 0


def test_output_hashes_cover_every_file_but_the_manifest(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "index.html").write_bytes(b"<html>")
    (tmp_path / "notebooks" / "10_clean.html").write_bytes(b"nb")
    (tmp_path / "manifest.json").write_bytes(b"{}")
    assert output_hashes(tmp_path) == {
        "index.html": hashlib.sha256(b"<html>").hexdigest(),
        "notebooks/10_clean.html": hashlib.sha256(b"nb").hexdigest(),
    }


def published_with_outputs(tmp_path):
    report, processed, _ = published(tmp_path, KEYS)
    (processed / "total.csv").write_bytes(b"6")
    manifest = {"stages": KEYS, "outputs": recorded_outputs(report, processed)}
    return report, processed, manifest


def test_outputs_that_match_the_manifest_are_up_to_date(tmp_path):
    report, processed, manifest = published_with_outputs(tmp_path)
    assert set(manifest["outputs"]) == {
        "processed/audit.parquet",
        "processed/total.csv",
        "report/index.html",
        *(f"report/notebooks/{stage}.ipynb" for stage in STAGES),
    }
    assert first_stale_stage(KEYS, manifest, report, processed) == len(STAGES)


@pytest.mark.parametrize(
    "change",
    [
        "changed processed file",
        "missing processed file",
        "extra processed file",
        "changed report file",
        "missing report file",
        "manifest without outputs",
    ],
)
def test_outputs_that_differ_from_the_manifest_rerun_everything(tmp_path, change):
    """E.g. a run killed between swapping in the processed data and the report leaves
    processed data the report was not made from."""
    report, processed, manifest = published_with_outputs(tmp_path)
    if change == "changed processed file":
        (processed / "total.csv").write_bytes(b"7")
    elif change == "missing processed file":
        (processed / "total.csv").unlink()
    elif change == "extra processed file":
        (processed / "forecast.parquet").write_bytes(b"stale")
    elif change == "changed report file":
        (report / "notebooks" / "20_indicators.ipynb").write_bytes(b"other")
    elif change == "missing report file":
        (report / "index.html").unlink()
    else:
        del manifest["outputs"]
    assert first_stale_stage(KEYS, manifest, report, processed) == 0
