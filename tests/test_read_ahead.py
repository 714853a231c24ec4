"""Reading a few pages ahead of coding changes neither the results nor their order, and a
reading error still comes after the items read before it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from conflictcoder.engines import code_items, map_articles, read_ahead
from conflictcoder.model import Article, ArticleResult, Rejection

REPORTS = [
    "Gunmen killed two traders at a market in Kano on Monday, police said.",
    "Students marched peacefully through the capital on Tuesday.",
    "Troops clashed with rebels near Goma on Wednesday; three soldiers died.",
    "A bomb exploded outside a mosque in Quetta on Thursday, wounding nine.",
    "The council approved a new budget on Friday.",
]


def _items() -> list[Article | Rejection]:
    items: list[Article | Rejection] = [
        Article(f"r{i}", text, published=date(2025, 6, 9)) for i, text in enumerate(REPORTS * 3)
    ]
    items.insert(4, Rejection("bad.html", "cannot read page", "parse"))
    return items


def test_read_ahead_keeps_every_item_in_order() -> None:
    items = list(range(19))
    batches = list(read_ahead(iter(items), 8))
    assert [len(b) for b in batches] == [8, 8, 3]
    assert [x for b in batches for x in b] == items
    assert list(read_ahead([], 8)) == []
    assert list(read_ahead([1, 2], 0)) == [[1], [2]]  # a size under 1 reads one at a time


def test_a_reading_error_comes_after_the_items_read_before_it() -> None:
    def source() -> Iterator[int]:
        yield from (1, 2, 3)
        raise OSError("disk gone")

    batches = read_ahead(source(), 8)
    assert next(batches) == [1, 2, 3]
    with pytest.raises(OSError, match="disk gone"):
        next(batches)


def test_inline_engine_results_are_those_of_coding_one_by_one() -> None:
    items = _items()
    one_by_one = [r for item in items for r in code_items([item], "all-violence")]
    batched = list(map_articles(iter(items), engine="local", workers=1, scope="all-violence"))
    assert len(batched) == len(items)
    assert batched == one_by_one
    assert isinstance(batched[4], Rejection)
    assert any(isinstance(r, ArticleResult) and r.records for r in batched)
