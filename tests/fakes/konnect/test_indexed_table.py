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
    table: IndexedTable[Row] = IndexedTable(lambda row: row.key)
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
            assert table.having(key) == scan(plain, key)
        assert table == plain and list(table.items()) == list(plain.items())
    table.update({"e": Row("e", "y")})
    assert [row.id for row in table.having("y")] == ["a", "e"]
    table.clear()
    assert table == {} and table.having("x") == []
