from datetime import date

from conflictcoder.model import Article, DateValue
from conflictcoder.stages.assemble import is_background


def _date(day: date) -> DateValue:
    return DateValue(day, day, "day", None, "explicit")


def test_is_background_for_events_long_before_publication() -> None:
    article = Article(id="a", text="x", published=date(2026, 3, 5))
    assert is_background(_date(date(2022, 4, 30)), article, 45)
    assert not is_background(_date(date(2026, 3, 1)), article, 45)
    assert not is_background(_date(date(2022, 4, 30)), Article(id="b", text="x"), 45)
