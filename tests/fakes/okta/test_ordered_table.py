"""``OrderedTable`` (fake Okta's clients, behind cursor pagination) answers like the insertion-
ordered dict it replaces, and resumes after any key, through removals and compactions."""

from __future__ import annotations

import random

from dcr_harness.fakes.kit.ordered import OrderedTable


def _after(plain: dict[str, int], key: str | None) -> list[int]:
    keys = list(plain)
    if key is None:
        return list(plain.values())
    if key not in plain:
        return []
    return [plain[k] for k in keys[keys.index(key) + 1 :]]


def test_it_matches_a_dict_through_random_changes_and_compactions() -> None:
    chooser = random.Random(7)
    table: OrderedTable[int] = OrderedTable()
    plain: dict[str, int] = {}
    for step in range(3_000):
        key = f"k{chooser.randrange(400)}"
        if chooser.random() < 0.45 and key in plain:
            del table[key]
            del plain[key]
        else:
            table[key] = plain[key] = step
        if step % 97 == 0:
            assert list(table.items()) == list(plain.items())
            for probe in (None, key, "absent", *chooser.sample(sorted(plain) or ["x"], 1)):
                assert list(table.after(probe)) == _after(plain, probe)
    assert len(table) == len(plain)
    table.clear()
    assert table == {} and list(table.after(None)) == []


def test_a_replaced_value_keeps_its_place() -> None:
    table: OrderedTable[str] = OrderedTable()
    table["a"], table["b"], table["c"] = "1", "2", "3"
    table["a"] = "new"
    assert list(table.after(None)) == ["new", "2", "3"]
    assert list(table.after("a")) == ["2", "3"]
