"""helpers.runner.manifest: what a report was made from, as stable JSON."""

import datetime as dt

from helpers.config import PROJECT_ROOT, Paths
from helpers.runner.manifest import (
    build_manifest,
    git_commit,
    package_versions,
    read_manifest,
    write_manifest,
)


def test_manifest_records_parameters_inputs_keys_versions_and_commit():
    paths = Paths.default()
    inputs = {"heinola/entity.yml": "a" * 64}
    keys = {"10_clean": "b" * 64}
    outputs = {"processed/audit.parquet": "c" * 64, "report/index.html": "d" * 64}
    manifest = build_manifest("heinola", dt.date(2024, 6, 30), paths, inputs, keys, outputs)
    assert manifest["entity"] == "heinola" and manifest["period_end"] == "2024-06-30"
    # Folders inside the project are recorded relative to it, so manifests compare
    # between checkouts.
    assert manifest["parameters"] == {
        "raw_dir": "data/raw",
        "processed_dir": "data/processed",
        "reports_dir": "reports",
    }
    assert manifest["inputs"] == inputs and manifest["stages"] == keys
    assert manifest["outputs"] == outputs
    assert manifest["packages"]["pandas"] not in {"", "not installed"}
    assert len(manifest["git_commit"]) == 40 or manifest["git_commit"] == "unknown"


def test_folders_outside_the_project_are_recorded_as_they_are(tmp_path):
    paths = Paths(tmp_path / "raw", tmp_path / "p", tmp_path / "r", PROJECT_ROOT / "notebooks")
    manifest = build_manifest("x", dt.date(2024, 6, 30), paths, {}, {}, {})
    assert manifest["parameters"]["raw_dir"] == str(tmp_path / "raw")


def test_write_and_read_back(tmp_path):
    manifest = {"entity": "heinola", "b": 1, "a": "Jäljellä"}
    target = write_manifest(tmp_path, manifest)
    # Sorted keys and literal UTF-8: equal manifests are equal bytes.
    assert target.read_text(encoding="utf-8") == (
        '{\n  "a": "Jäljellä",\n  "b": 1,\n  "entity": "heinola"\n}\n'
    )
    assert read_manifest(tmp_path) == manifest


def test_a_missing_or_broken_manifest_reads_as_empty(tmp_path):
    assert read_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == {}


def test_git_commit_outside_a_checkout_is_unknown(tmp_path):
    assert git_commit(tmp_path) == "unknown"


def test_versions_name_python_and_an_absent_package():
    versions = package_versions()
    assert versions["python"].startswith("3.11")
    assert set(versions) >= {"papermill", "nbconvert", "numpy"}
