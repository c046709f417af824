"""Which files of a raw-data folder are read: tables in any letter case, notes left alone,
every other file an error naming it."""

import unicodedata

import pytest

from helpers.errors import InputDataError
from helpers.rawfiles import check_folder, find_table, ignored_name


def touch(folder, *names):
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["tuloslaskelma.csv", "Tuloslaskelma.CSV", "TULOSLASKELMA.Xlsx", "tuloslaskelma.xlsx"]
)
def test_find_table_matches_name_and_extension_in_any_case(tmp_path, name):
    touch(tmp_path, name, "hankkeet.txt")
    assert find_table(tmp_path, "tuloslaskelma") == tmp_path / name


def test_find_table_matches_a_name_saved_in_decomposed_unicode(tmp_path):
    name = unicodedata.normalize("NFD", "käyttöasteet") + ".csv"  # as macOS may save it
    touch(tmp_path, name)
    assert find_table(tmp_path, "käyttöasteet") == tmp_path / name


@pytest.mark.parametrize("name", ["tuloslaskelma.xls", "tuloslaskelma.csv.bak", "tuloslaskelma"])
def test_find_table_does_not_read_other_file_types(tmp_path, name):
    touch(tmp_path, name)
    assert find_table(tmp_path, "tuloslaskelma") is None


def test_find_table_does_not_match_a_longer_name(tmp_path):
    touch(tmp_path, "tuloslaskelma_2023.csv", "vanha_tuloslaskelma.csv")
    assert find_table(tmp_path, "tuloslaskelma") is None


def test_find_table_in_a_missing_folder_is_none(tmp_path):
    assert find_table(tmp_path / "2024-06-30", "arviot") is None


def test_find_table_refuses_two_copies_naming_both(tmp_path):
    touch(tmp_path, "arviot.xlsx", "Arviot.csv")
    with pytest.raises(InputDataError) as caught:
        find_table(tmp_path, "arviot")
    assert str(caught.value) == (
        f"file {tmp_path / 'Arviot.csv'}: both Arviot.csv and arviot.xlsx exist; keep one"
    )


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("README", True),
        ("readme.txt", True),
        ("ReadMe.pdf", True),
        ("muistiinpanot.md", True),
        ("NOTES.MD", True),
        (".DS_Store", True),
        ("~$hankkeet.xlsx", True),
        ("hankkeet.xlsx", False),
        ("muistio.txt", False),
        ("md.csv", False),
        ("$hankkeet.xlsx", False),
    ],
)
def test_ignored_names(name, ignored):
    assert ignored_name(name) is ignored


def test_a_folder_of_expected_tables_and_notes_passes(tmp_path):
    touch(tmp_path, "A.CSV", "b.xlsx", "README.txt", ".DS_Store", "~$b.xlsx", "huom.md")
    touch(tmp_path, "entity.yml")
    check_folder(tmp_path, ["a", "b"], {"c": "data/raw/"}, fixed=["entity.yml"])


def test_a_stray_xls_is_refused_not_skipped(tmp_path):
    touch(tmp_path, "a.csv", "B.XLS")
    with pytest.raises(InputDataError) as caught:
        check_folder(tmp_path, ["a", "b"], {})
    assert str(caught.value) == (
        f"file {tmp_path / 'B.XLS'}: unsupported file type '.XLS'; save it as .csv or .xlsx"
    )


def test_a_table_of_another_folder_says_where_it_belongs(tmp_path):
    touch(tmp_path, "Vaesto.csv")
    with pytest.raises(InputDataError) as caught:
        check_folder(tmp_path, ["arviot"], {"vaesto": "data/raw/<entity>/"})
    assert str(caught.value) == (
        f"file {tmp_path / 'Vaesto.csv'}: vaesto is read from data/raw/<entity>/, "
        "not from this folder"
    )


def test_an_unknown_file_lists_what_is_expected(tmp_path):
    touch(tmp_path, "muistio.txt")
    with pytest.raises(InputDataError) as caught:
        check_folder(tmp_path, ["a", "b"], {}, fixed=["entity.yml"])
    assert str(caught.value) == (
        f"file {tmp_path / 'muistio.txt'}: unknown file; expected one of a.csv, b.csv, "
        "entity.yml (each may be .xlsx instead of .csv; README files and *.md notes are ignored)"
    )


def test_a_fixed_name_is_matched_exactly(tmp_path):
    touch(tmp_path, "Entity.yml")
    with pytest.raises(InputDataError, match="unknown file"):
        check_folder(tmp_path, [], {}, fixed=["entity.yml"])


def test_subfolders_only_where_allowed(tmp_path):
    (tmp_path / "2024-06-30").mkdir()
    check_folder(tmp_path, [], {}, folders_allowed=lambda name: name == "2024-06-30")
    (tmp_path / "vanhat").mkdir()
    with pytest.raises(InputDataError) as caught:
        check_folder(tmp_path, [], {}, folders_allowed=lambda name: name == "2024-06-30")
    assert caught.value.file == str(tmp_path / "vanhat")
    assert "unknown folder" in caught.value.reason and "YYYY-MM-DD" in caught.value.reason


def test_a_missing_folder_is_not_checked(tmp_path):
    check_folder(tmp_path / "puuttuu", ["a"], {})
