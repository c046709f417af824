"""data/raw/README.md documents every raw file and every processed column."""

from helpers.catalog import TABLES
from helpers.config import PROJECT_ROOT

README = (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")


def test_every_raw_file_has_a_section():
    for path in sorted((PROJECT_ROOT / "data" / "raw" / "heinola").rglob("*.csv")):
        assert f"### {path.name}" in README or f"/{path.name}" in README, path.name


def test_every_processed_column_is_documented():
    processed = README.split("## Processed tables", 1)[1]
    for spec in TABLES:
        row = next(line for line in processed.splitlines() if line.startswith(f"| `{spec.name}`"))
        for field in spec.fields:
            assert f"`{field.name}` ({field.label})" in row, (spec.name, field.name)
