"""helpers.runner.staging: fresh staging folders, and what a killed run left behind is
removed by the next run of the same entity-period (issue 15 point 9)."""

from helpers.runner.staging import remove_leftovers


def leftovers(root):
    """What a run killed at various moments leaves (old runner versions included)."""
    report = root / "reports" / "acme" / "2024-06-30"
    processed = root / "processed" / "acme" / "2024-06-30"
    staging_root = root / "processed" / ".runs" / "acme-2024-06-30"
    made = [
        report.parent / ".2024-06-30.staging-k2j4x9",  # old runners: a random suffix
        report.parent / ".2024-06-30.staging",
        report.parent / ".2024-06-30.previous",
        processed.parent / ".2024-06-30.previous",
        processed.parent / ".2024-06-30.staging-abc123",
        staging_root / "acme" / "2024-06-30",
        staging_root / ".kernel",
    ]
    for folder in made:
        folder.mkdir(parents=True)
        (folder / "half-written.csv").write_text("x", encoding="utf-8")
    return report, processed, staging_root, made


def test_leftovers_of_a_killed_run_are_removed(tmp_path):
    report, processed, staging_root, made = leftovers(tmp_path)
    keep = [
        report / "index.html",  # the published report
        processed / "total.csv",  # the published data
        report.parent / ".2024-06-30.failed" / "10_clean.ipynb",  # kept for debugging
        report.parent / ".2024-03-31.staging-zz" / "x.csv",  # another period's: not ours
        processed.parent / ".2024-03-31.previous" / "x.csv",
        staging_root.parent / "acme-2024-03-31" / "x.csv",
        staging_root.parent / "acme-2024-06-30.lock",
    ]
    for path in keep:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep", encoding="utf-8")
    remove_leftovers(report, processed, staging_root)
    assert [folder for folder in made if folder.exists()] == []
    assert all(path.is_file() for path in keep)
