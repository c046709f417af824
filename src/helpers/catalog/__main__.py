"""``python -m helpers.catalog``: regenerate the dataset table of data/raw/README.md."""

from helpers.catalog.readme import rewrite_readme
from helpers.config import PROJECT_ROOT

if __name__ == "__main__":  # pragma: no cover - a maintenance command
    changed = rewrite_readme(PROJECT_ROOT / "data" / "raw" / "README.md")
    print("data/raw/README.md", "updated" if changed else "already up to date")
