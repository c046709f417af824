"""What the stores under build/ share (``helpers.build_store``)."""

import os

from helpers.build_store import folder_for, prune, write_entry


def test_a_store_is_in_its_default_folder_unless_the_variable_moves_or_turns_it_off(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("KUNTARAPORTTI_TEST_STORE", raising=False)
    assert folder_for("KUNTARAPORTTI_TEST_STORE", tmp_path / "default") == tmp_path / "default"
    monkeypatch.setenv("KUNTARAPORTTI_TEST_STORE", str(tmp_path / "moved"))
    assert folder_for("KUNTARAPORTTI_TEST_STORE", tmp_path / "default") == tmp_path / "moved"
    for off in ("", "  "):
        monkeypatch.setenv("KUNTARAPORTTI_TEST_STORE", off)
        assert folder_for("KUNTARAPORTTI_TEST_STORE", tmp_path / "default") is None


def test_an_entry_is_written_whole_and_nothing_temporary_is_left(tmp_path):
    folder = tmp_path / "store"
    write_entry(folder, folder / "a.bin", b"first", limit=10)
    write_entry(folder, folder / "a.bin", b"second", limit=10)
    assert (folder / "a.bin").read_bytes() == b"second"
    assert [p.name for p in folder.iterdir()] == ["a.bin"]


def test_beyond_the_limit_the_least_recently_used_entries_go(tmp_path):
    for number, name in enumerate(["old", "middle", "new"]):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (1_000 + number, 1_000 + number))
    (tmp_path / ".being-written.tmp").write_bytes(b"x")  # a parallel run's: not an entry
    prune(tmp_path, limit=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".being-written.tmp", "middle", "new"]
    prune(tmp_path, limit=2)  # at the limit: nothing more goes
    assert len(list(tmp_path.iterdir())) == 3


def test_a_store_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"not a folder")
    write_entry(blocker / "store", blocker / "store" / "a.bin", b"data", limit=10)  # no error
    assert blocker.read_bytes() == b"not a folder"
