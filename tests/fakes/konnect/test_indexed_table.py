"""``IndexedTable`` (fake Konnect's applications and registrations, behind the scale figure of
the benchmarks) answers like the plain dict and scan it replaces, whatever the changes."""

from __future__ import annotations

from dataclasses import dataclass

from dcr_harness.fakes.konnect.tables import IndexedTable


@dataclass
class Row:
    id: str
    key: str | None


def scan(rows: dict[str, Row], key: str) -> list[Row]:
    return [row for row in rows.values() if row.key == key]


def test_index_follows_every_kind_of_change() -> None:
    table: IndexedTable[Row] = IndexedTable(key=lambda row: row.key)
    plain: dict[str, Row] = {}
    changes = [
        ("set", Row("a", "x")),
        ("set", Row("b", "y")),
        ("set", Row("c", "x")),
        ("set", Row("d", None)),
        ("set", Row("a", "y")),  # re-keyed under an existing id
        ("set", Row("c", "x")),  # replaced with the same key: keeps its place
        ("del", Row("b", "y")),
        ("pop", Row("zz", None)),
        ("set", Row("b", "x")),
    ]
    for action, row in changes:
        for mapping in (table, plain):
            if action == "set":
                mapping[row.id] = row
            elif action == "del":
                del mapping[row.id]
            else:
                mapping.pop(row.id, None)
        for key in ("x", "y", "none"):
            assert list(table.having(key)) == scan(plain, key)
        assert table == plain and list(table.items()) == list(plain.items())
    table.update({"e": Row("e", "y")})
    assert [row.id for row in table.having("y")] == ["a", "e"]
    table.clear()
    assert table == {} and not table.having("x")


def test_each_named_index_follows_its_own_attribute() -> None:
    table: IndexedTable[Row] = IndexedTable(key=lambda row: row.key, id=lambda row: row.id[0])
    table["a1"], table["b1"], table["a2"] = Row("a1", "x"), Row("b1", "x"), Row("a2", "y")
    table["a1"] = Row("a1", "y")  # re-keyed in the first index only
    del table["b1"]
    assert [row.id for row in table.having("y")] == ["a1", "a2"]
    assert [row.id for row in table.having("a", by="id")] == ["a1", "a2"]
    assert not table.having("b", by="id") and not table.having("x")
