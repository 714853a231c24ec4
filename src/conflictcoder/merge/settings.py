"""Merge thresholds, one frozen object with documented defaults.

The gates follow the xSub rule for de-duplicating event data (same type within
1-5 km and 1-2 days, Zhukov, Davenport and Kostyuk 2019): two records farther
apart than ``max_days_apart`` days or ``max_km_apart`` km are never the same
event. Inside the gates a weighted score decides.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class MergeSettings:
    max_days_apart: int = 1
    """Records whose date ranges lie more than this many days apart are different events."""
    max_km_apart: float = 5.0
    """Precisely placed records farther apart than this (km) are different events."""
    match_threshold: float = 0.65
    """A pair scoring at least this is linked (score in [0, 1])."""
    cluster_floor: float = 0.5
    """Complete linkage: every pair inside one event must score at least this."""
    weight_date: float = 0.30
    """Weight of date closeness in the score."""
    weight_place: float = 0.35
    """Weight of place closeness in the score."""
    weight_actors: float = 0.20
    """Weight of actor overlap in the score."""
    weight_casualties: float = 0.15
    """Weight of casualty compatibility in the score."""
    cross_type_factor: float = 0.85
    """Score multiplier for two different but compatible event types (a clash and an attack on
    civilians): reports of one event often disagree on its type."""
    cross_type_unshared_actors_factor: float = 0.7
    """Further multiplier when the types differ and the actors mostly differ too (ACLED
    merges one day's events in one place only when the actors are the same)."""
    actor_conflict_factor: float = 0.6
    """Score multiplier when both records name armed groups and none is shared."""
    duplicate_max_bits: int = 3
    """Articles whose 64-bit Simhashes differ in at most this many bits (and quote the same
    numbers) are syndicated copies of one report."""

    def __post_init__(self) -> None:
        total = self.weight_date + self.weight_place + self.weight_actors + self.weight_casualties
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"merge weights must sum to 1, got {total:.3f}")
        if not 0 <= self.cluster_floor <= self.match_threshold <= 1:
            raise ValueError("need 0 <= cluster_floor <= match_threshold <= 1")
        if self.max_days_apart < 0 or self.max_km_apart < 0 or self.duplicate_max_bits < 0:
            raise ValueError("merge gates must not be negative")


def documented_settings() -> dict[str, str]:
    """Setting name -> its one-line help (the docstrings above), for docs and tests."""
    import ast
    import inspect
    import itertools

    source = inspect.getsource(MergeSettings)
    tree = ast.parse(source)
    helps: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, following in itertools.pairwise(body):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)):
            helps[node.target.id] = " ".join(str(following.value.value).split())
    missing = {f.name for f in fields(MergeSettings)} - set(helps)
    if missing:
        raise AssertionError(f"undocumented merge settings: {sorted(missing)}")
    return helps
