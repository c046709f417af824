"""data/raw/README.md's table of processed datasets, generated from the declarations."""

import re

import pytest

from helpers import catalog
from helpers.catalog import readme
from helpers.catalog.model import CLEAN_STAGE, INDICATOR_STAGE, Dataset, columns
from helpers.config import PROJECT_ROOT
from helpers.schemas import BOOLEAN, DATE, ENTITY, INTEGER, Field, TableSpec

POPULATION = TableSpec(
    "population",
    "vaesto",
    ENTITY,
    (Field("Päivämäärä", "date", DATE), Field("Asukasluku", "population", INTEGER)),
    added=(("estimated", BOOLEAN, "true where counted later"),),
)
SMALL_CATALOG = {
    ds.name: ds
    for ds in (
        Dataset("income_statement", CLEAN_STAGE, "`unit`, `line`", raw_stem="tuloslaskelma"),
        Dataset("audit", CLEAN_STAGE, "one row per check", raw_stem="*", also_written="audit.csv"),
        Dataset("population", CLEAN_STAGE, "ignored: the spec's fields are listed", raw=POPULATION),
        Dataset(
            "per_capita",
            INDICATOR_STAGE,
            "Net cost per resident.",
            columns(("unit", "text"), ("net_cost", "float", "euros")),
        ),
        Dataset("notes", INDICATOR_STAGE, "Free text."),
    )
}
SMALL_TABLE = (
    "| table | stage | raw file | columns |\n"
    "|---|---|---|---|\n"
    "| `income_statement` | 10_clean | `tuloslaskelma` | `unit`, `line` |\n"
    "| `audit` (also `audit.csv`) | 10_clean | all | one row per check |\n"
    "| `population` | 10_clean | `vaesto` | `date` (Päivämäärä), `population` (Asukasluku), "
    "`estimated` (true where counted later) |\n"
    "| `per_capita` | 20_indicators | – | Net cost per resident. `unit`, `net_cost` (euros) |\n"
    "| `notes` | 20_indicators | – | Free text. |\n"
)


@pytest.fixture
def small_catalog(monkeypatch):
    monkeypatch.setattr(readme, "DATASETS", SMALL_CATALOG)


def test_table_rows_in_declaration_order(small_catalog):
    assert readme.readme_table() == SMALL_TABLE


def test_rewrite_replaces_only_the_generated_block(small_catalog, tmp_path):
    path = tmp_path / "README.md"
    head = "# Raw data\n\n## Processed tables\n\n"
    tail = "\n\n## Afterwards\nkept\n"
    path.write_text(f"{head}{readme.README_BEGIN}\n| stale |\n{readme.README_END}{tail}", "utf-8")
    assert readme.rewrite_readme(path) is True
    assert path.read_text("utf-8") == (
        f"{head}{readme.README_BEGIN}\n{SMALL_TABLE}{readme.README_END}{tail}"
    )


def test_rewrite_of_an_up_to_date_file_leaves_it_untouched(small_catalog, tmp_path):
    path = tmp_path / "README.md"
    text = f"x\n{readme.README_BEGIN}\n{SMALL_TABLE}{readme.README_END}\n"
    path.write_text(text, "utf-8")
    before = path.stat().st_mtime_ns
    assert readme.rewrite_readme(path) is False
    assert path.read_text("utf-8") == text and path.stat().st_mtime_ns == before


def test_rewrite_without_the_markers_is_an_error(tmp_path):
    path = tmp_path / "README.md"
    path.write_text("# Raw data\n", "utf-8")
    with pytest.raises(ValueError):
        readme.rewrite_readme(path)
    assert path.read_text("utf-8") == "# Raw data\n"


def test_raw_readme_lists_every_dataset_once_as_generated():
    text = (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    block = text.split(catalog.README_BEGIN, 1)[1].split(catalog.README_END, 1)[0]
    assert block == "\n" + catalog.readme_table(), "run: python -m helpers.catalog"
    for name in catalog.DATASETS:
        assert len(re.findall(rf"^\| `{name}`", block, flags=re.M)) == 1, name


def test_raw_readme_rows_for_a_raw_and_a_computed_dataset():
    """Two rows of the committed README, written out by hand from the declarations."""
    text = (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    assert (
        "| `population` | 10_clean | `vaesto` | `date` (Päivämäärä), `population` (Asukasluku), "
        "`source` (Lähde) |" in text.splitlines()
    )
    assert (
        "| `risk_matrix` | 20_indicators | – | Count of risks per significance × probability. "
        "`significance`, `probability`, `risks` (count) |" in text.splitlines()
    )
