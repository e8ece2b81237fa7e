"""Build files: round trip, atomic save, and clear messages for bad files."""

from __future__ import annotations

import json

import pytest

from configurator.build import (
    Build,
    BuildError,
    BuildItem,
    dump_build,
    load_build,
    parse_build,
    save_build,
)


def test_round_trip(tmp_path):
    build = Build(name="Zoë's <b>build</b> & co", items=[BuildItem(part="a-part", quantity=2, slots=["S1"])])
    path = tmp_path / "b.json"
    save_build(build, path)
    assert load_build(path) == build
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "b.json"
    save_build(Build(name="one"), path)
    save_build(Build(name="two"), path)
    assert load_build(path).name == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"schema_version": 9}', "schema version 9"),
        ('{"schema_version": 1, "items": [{"part": "x", "quantity": 0}]}', "item 1 quantity"),
        ('{"schema_version": 1, "items": [{"part": "x", "colour": "red"}]}', "unknown field"),
        ('{"schema_version": 1, "items": [{"part": "x", "slots": ["A", "B"]}]}', "2 slots given for 1 unit"),
        ('{"schema_version": 1, "items": [{"part": "x", "slots": ["A"]}, {"part": "y", "slots": ["A"]}]}', "slot 'A'"),
        ('{"schema_version": 1, "items": [{"part": "w"}, {"part": "x", "quantity": 2, "slots": ["A", "A"]}]}',
         "item 2: 'x' lists slot 'A' twice"),
        ('{"schema_version": 1, "name": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}", "nests too deeply"),
        ('{"name": "no version"}', "has no schema_version"),
    ],
)
def test_bad_files_give_clear_messages(text, expected):
    with pytest.raises(BuildError) as info:
        parse_build(text, "bad.json")
    assert expected in str(info.value)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(BuildError, match="not found"):
        load_build(tmp_path / "nope.json")
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BuildError, match="UTF-8|JSON"):
        load_build(binary)


def test_dump_is_stable():
    build = Build(name="x", items=[BuildItem(part="p")])
    assert dump_build(build) == dump_build(parse_build(dump_build(build)))
