"""`conflictcoder evaluate`: per-field scores against human-coded data.

Each kind is a function ``(gold_path, limit) -> list[Score]`` registered in KINDS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from conflictcoder.evaluation.common import Score, print_scores


def _as_scores(rows: Sequence[Any]) -> list[Score]:
    """Kinds may return Scores or (field, score, baseline[, n]) tuples."""
    out = []
    for row in rows:
        if isinstance(row, Score):
            out.append(row)
        else:
            field, value, baseline, *rest = row
            out.append(Score(field, float(value), baseline, int(rest[0]) if rest else 0))
    return out


def _acled_notes(path: str, limit: int | None) -> list[Score]:
    from conflictcoder.evaluation.acled_notes import evaluate_acled_notes

    return evaluate_acled_notes(path, limit)


def _satp(path: str, limit: int | None) -> list[Score]:
    from conflictcoder.evaluation.satp import evaluate_satp

    return _as_scores(evaluate_satp(path, limit))


def _gva(path: str, limit: int | None) -> list[Score]:
    from conflictcoder.evaluation.gva import evaluate_gva

    return _as_scores(evaluate_gva(path, limit))


def _ucdp(path: str, limit: int | None) -> list[Score]:
    from conflictcoder.evaluation.ucdp import evaluate_ucdp

    return _as_scores(evaluate_ucdp(path, limit))


KINDS: dict[str, Callable[[str, int | None], list[Score]]] = {
    "acled-notes": _acled_notes,
    "satp": _satp,
    "gva": _gva,
    "ucdp": _ucdp,
}

__all__ = ["KINDS", "Score", "print_scores"]
