"""The clean stage's store of parsed raw files: an edit re-parses that file only, and what
comes out is what a run without the store gives on the edited data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import catalog, clean, clean_cache
from helpers.errors import InputDataError
from helpers.rawfiles import find_table
from tests.conftest import PERIOD, RAW

ENTITY = "heinola"
SENTENCE = " Tilanne tarkentuu syksyllä."


@pytest.fixture(scope="module")
def warm_store(tmp_path_factory) -> Path:
    """A store holding every file of the embedded data, parsed once."""
    folder = tmp_path_factory.mktemp("clean-store") / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clean_cache.STORE_ENV, str(folder))
        clean.build_processed(RAW, ENTITY, PERIOD)
    return folder


@pytest.fixture
def store(warm_store: Path, tmp_path: Path, monkeypatch) -> Path:
    """A copy of the warm store, turned on for the test."""
    folder = tmp_path / "store"
    shutil.copytree(warm_store, folder)
    monkeypatch.setenv(clean_cache.STORE_ENV, str(folder))
    return folder


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(RAW, copy)
    return copy


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The raw files parsed (not read from the store), by dataset stem or 'statements'."""
    calls: list[str] = []
    load_table, read_statements = clean.load_table, clean.read_statements

    def counted_load(spec, *args):
        calls.append(spec.stem)
        return load_table(spec, *args)

    def counted_statements(*args):
        calls.append("statements")
        return read_statements(*args)

    monkeypatch.setattr(clean, "load_table", counted_load)
    monkeypatch.setattr(clean, "read_statements", counted_statements)
    return calls


def build(raw: Path) -> dict[str, pd.DataFrame]:
    return clean.build_processed(raw, ENTITY, PERIOD)[1]


def built_without_store(raw: Path, monkeypatch) -> dict[str, pd.DataFrame]:
    with monkeypatch.context() as patch:
        patch.setenv(clean_cache.STORE_ENV, "")
        return build(raw)


def assert_same_tables(got: dict, expected: dict) -> None:
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert list(got[name].dtypes.astype(str)) == list(expected[name].dtypes.astype(str)), name
        pd.testing.assert_frame_equal(got[name], expected[name], check_exact=True, obj=name)


def edit_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_warm_store_parses_nothing_and_writes_the_same_files(
    store, parsed, monkeypatch, tmp_path
):
    tables = build(RAW)
    assert parsed == []
    expected = built_without_store(RAW, monkeypatch)
    assert_same_tables(tables, expected)
    written = clean.write_processed(tables, tmp_path / "a", ENTITY, PERIOD)
    fresh = clean.write_processed(expected, tmp_path / "b", ENTITY, PERIOD)
    names = sorted(p.name for p in written.iterdir())
    assert names == sorted(p.name for p in fresh.iterdir()) and len(names) == len(tables) + 1
    for name in names:
        assert (written / name).read_bytes() == (fresh / name).read_bytes(), name


# One edit per kind of raw file: a period text, an entity number, a national number, the
# income statement and the budget summary. Each value is read from the raw file as printed.
EDITS = [
    (
        "heinola/2024-06-30/arviot.csv",
        "toimialan talousarviossa.",
        "toimialan talousarviossa." + SENTENCE,
        "assessments",
        lambda t: t["assessments"].loc[0, "text"].endswith(SENTENCE),
        "arviot",
    ),
    (
        "heinola/vaesto.csv",
        "31.12.2023;17 953;",
        "31.12.2023;17 954;",
        "population",
        lambda t: t["population"].loc[0, "population"] == 17_954,
        "vaesto",
    ),
    (
        "kansalliset_vertailutiedot.csv",
        "HYTE-kerroin;2023;18,23;",
        "HYTE-kerroin;2023;18,24;",
        "national_references",
        lambda t: t["national_references"].loc[0, "value"] == 18.24,
        "kansalliset_vertailutiedot",
    ),
    (
        "heinola/2024-06-30/tuloslaskelma.csv",
        "Hyvinvointilautakunnan toimiala;Myyntituotot;691 408;",
        "Hyvinvointilautakunnan toimiala;Myyntituotot;691 409;",
        "income_statement",
        lambda t: t["income_statement"].loc[0, "amount"] == 691_409,
        "statements",
    ),
    (
        "heinola/2024-06-30/talousarvio_yhteenveto.csv",
        "Hyvinvointilautakunnan toimiala;TULOT;3 015 961;",
        "Hyvinvointilautakunnan toimiala;TULOT;3 015 962;",
        "budget_summary",
        lambda t: t["budget_summary"].loc[0, "amount"] == 3_015_962,
        "statements",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "table", "shows_edit", "parsed_as"),
    EDITS,
    ids=[edit[3] for edit in EDITS],
)
def test_an_edit_reparses_its_file_only_and_gives_what_a_run_without_store_gives(
    store, raw, parsed, monkeypatch, file, old, new, table, shows_edit, parsed_as
):
    before = build(raw)
    assert parsed == [] and not shows_edit(before)
    edit_line(raw / file, old, new)
    tables = build(raw)
    assert parsed == [parsed_as]
    assert shows_edit(tables)
    assert not tables[table].equals(before[table])
    assert_same_tables(tables, built_without_store(raw, monkeypatch))


def test_an_edit_of_the_configuration_reparses_every_file(store, raw, parsed):
    config = raw / ENTITY / "entity.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# muokattu\n", encoding="utf-8")
    build(raw)
    stems = {ds.raw.stem for ds in catalog.RAW_DATASETS.values()}
    assert "statements" in parsed and set(parsed) - {"statements"} == stems


def test_rules_across_files_run_when_the_referring_file_comes_from_the_store(store, raw, parsed):
    # The goals file loses SM01; its realisations are unchanged (read from the store) and
    # still name it: the cross-table rule must stop the run on the realisation's row.
    goals = raw / ENTITY / "tavoitteet.csv"
    lines = goals.read_text(encoding="utf-8").split("\n")
    goals.write_text("\n".join(ln for ln in lines if not ln.startswith("SM01;")), "utf-8")
    with pytest.raises(InputDataError) as error:
        build(raw)
    assert parsed == ["tavoitteet"]
    assert error.value.file.endswith("tavoitteiden_toteuma.csv")
    assert error.value.row == 2 and error.value.column == "Tunnus"
    assert "SM01" in str(error.value)


def test_a_bad_file_stops_every_run_and_is_never_stored(store, raw, parsed):
    edit_line(raw / ENTITY / "vaesto.csv", "31.12.2023;17 953;", "31.12.2023;17 953 x;")
    entries = sorted(store.iterdir())
    for _ in range(2):
        with pytest.raises(InputDataError) as error:
            build(raw)
        assert error.value.file.endswith("vaesto.csv") and error.value.row == 2
    assert parsed == ["vaesto", "vaesto"]
    assert sorted(store.iterdir()) == entries


def test_a_damaged_entry_is_parsed_again(store, raw, parsed, monkeypatch):
    for entry in store.glob("*.pkl"):
        entry.write_bytes(entry.read_bytes()[:20])  # as if cut short
    tables = build(raw)
    assert "statements" in parsed and "arviot" in parsed
    assert_same_tables(tables, built_without_store(raw, monkeypatch))
    parsed.clear()
    build(raw)
    assert parsed == []  # stored whole again


def test_only_tables_whose_content_changed_are_validated_again(store, raw, monkeypatch):
    checked: list[str] = []
    validate_stage = catalog.validate_stage

    def counted(tables, config, *, stage):
        checked.extend(tables)
        validate_stage(tables, config, stage=stage)

    monkeypatch.setattr(catalog, "validate_stage", counted)
    build(raw)
    assert checked == []
    edit_line(
        raw / ENTITY / "2024-06-30" / "arviot.csv",
        "toimialan talousarviossa.",
        "toimialan talousarviossa." + SENTENCE,
    )
    build(raw)
    assert checked == ["assessments"]


def test_the_store_is_off_when_its_variable_is_empty(raw, parsed, monkeypatch, tmp_path):
    monkeypatch.setenv(clean_cache.STORE_ENV, "")
    assert clean_cache.store_folder() is None
    build(raw)
    build(raw)
    assert parsed.count("statements") == 2 and parsed.count("arviot") == 2
    monkeypatch.delenv(clean_cache.STORE_ENV)
    assert clean_cache.store_folder() == clean_cache.DEFAULT_STORE
    assert clean_cache.DEFAULT_STORE.parts[-2:] == ("build", "clean-cache")


def test_the_key_covers_the_file_that_is_read(monkeypatch):
    # The store keys each dataset by the file clean.raw_folder finds; it must be the very
    # file ingest reads, or an edit to the read file would go unnoticed.
    tables = built_without_store(RAW, monkeypatch)
    for ds in catalog.RAW_DATASETS.values():
        file = find_table(clean.raw_folder(RAW, ENTITY, PERIOD, ds.raw.scope), ds.raw.stem)
        if ds.name not in tables:
            assert file is None, ds.name
            continue
        assert set(tables[ds.name]["source_file"]) == {file.name}, ds.name


def test_keys_differ_by_each_part(tmp_path):
    a, b, config = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "entity.yml"
    a.write_text("x;1\n"), b.write_text("x;1\n"), config.write_text("units: []\n")
    key = clean_cache.file_key("population", [a], config, "2024-06-30", "code")
    assert key == clean_cache.file_key("population", [a], config, "2024-06-30", "code")
    others = [
        clean_cache.file_key("key_figures", [a], config, "2024-06-30", "code"),
        clean_cache.file_key("population", [b], config, "2024-06-30", "code"),  # its name
        clean_cache.file_key("population", [None], config, "2024-06-30", "code"),
        clean_cache.file_key("population", [a], config, "2024-03-31", "code"),
        clean_cache.file_key("population", [a], config, "2024-06-30", "other code"),
    ]
    config.write_text("units: [] \n")  # the configuration's content
    others.append(clean_cache.file_key("population", [a], config, "2024-06-30", "code"))
    config.write_text("units: []\n")
    a.write_text("x;2\n")  # the file's content
    others.append(clean_cache.file_key("population", [a], config, "2024-06-30", "code"))
    assert len({key, *others}) == len(others) + 1


def test_a_frame_digest_sees_every_value_type_and_dtype_but_not_the_memory_layout():
    import pickle

    base = pd.DataFrame({"a": pd.array(["1", "2"], dtype="string"), "b": [1.0, 2.0]})
    same = pickle.loads(pickle.dumps(base))
    assert clean_cache.frame_digest(same) == clean_cache.frame_digest(base)
    variants = [
        base.assign(a=pd.array(["1", pd.NA], dtype="string")),
        base.assign(a=pd.array(["1", "<NA>"], dtype="string")),
        base.assign(a=pd.Series(["1", 2], dtype=object)),
        base.assign(a=pd.Series(["1", "2"], dtype=object)),  # the dtype alone
        base.assign(b=[1.0, 2.000001]),
        base.assign(b=pd.array([1.0, 2.0], dtype="Float64")),
        base.assign(a=pd.Categorical(["1", "2"], categories=["1", "2", "3"])),
        base.assign(a=pd.Categorical(["1", "2"], categories=["2", "1"])),
        base[["b", "a"]],
        base.rename(columns={"b": "c"}),
        base.set_axis([1, 2]),
    ]
    digests = {clean_cache.frame_digest(frame) for frame in [base, *variants]}
    assert len(digests) == len(variants) + 1
    big = pd.DataFrame({"a": range(clean_cache.DIGEST_ROWS + 1)})
    assert clean_cache.frame_digest(big) is None
