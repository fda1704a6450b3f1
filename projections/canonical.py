"""Canonical dumps of views and the differences between two of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

Row = tuple  # (table, key, doc, terms, score)


def canonical(row: Row) -> str:
    """One row as one line of canonical JSON: equal rows, equal lines."""
    table, key, doc, terms, score = row
    return orjson.dumps([table, key, doc, sorted(terms), float(score)],
                        option=orjson.OPT_SORT_KEYS).decode()


def canonical_dump(rows: Iterable[Row]) -> list[str]:
    """Every row of a dump as canonical lines, in table and key order."""
    return sorted(canonical(row) for row in rows)


def differences(live: Iterable[Row], rebuilt: Iterable[Row], limit: int = 20) -> list[str]:
    """What differs between two dumps ordered by (table, key); at most ``limit`` listed."""
    found: list[str] = []
    total = 0
    for line in _compare(iter(live), iter(rebuilt)):
        total += 1
        if len(found) < limit:
            found.append(line)
    if total > len(found):
        found.append(f"... and {total - len(found)} more differences")
    return found


def _compare(live: Iterator[Row], rebuilt: Iterator[Row]) -> Iterator[str]:
    a, b = next(live, None), next(rebuilt, None)
    while a is not None or b is not None:
        key_a = None if a is None else (a[0], a[1])
        key_b = None if b is None else (b[0], b[1])
        if b is None or (a is not None and key_a < key_b):
            yield f"{a[0]} {a[1]}: only in the live view"
            a = next(live, None)
        elif a is None or key_b < key_a:
            yield f"{b[0]} {b[1]}: missing from the live view"
            b = next(rebuilt, None)
        else:
            if canonical(a) != canonical(b):
                yield f"{a[0]} {a[1]}: differs in {', '.join(_fields(a, b))}"
            a, b = next(live, None), next(rebuilt, None)


def _fields(a: Row, b: Row) -> list[str]:
    fields = [name for name in sorted(a[2].keys() | b[2].keys())
              if a[2].get(name) != b[2].get(name)]
    if sorted(a[3]) != sorted(b[3]):
        fields.append("(index terms)")
    if float(a[4]) != float(b[4]):
        fields.append("(order)")
    return fields or ["(encoding)"]
