"""The conservative count: how the figures of one event become its toll."""

from __future__ import annotations

import pytest

from conflictcoder.model import CasualtyFigure, Span
from conflictcoder.stages.tolls import CODER_SOURCE, PART_FLAG, Toll, count_casualties, split_toll


def fig(
    best: int,
    side: str = "unknown",
    *,
    kind: str = "killed",
    status: str = "reported",
    text: str = "",
    low: int | None = None,
    high: int | None = None,
    start: int = 0,
    is_total: bool = False,
    flag: str = "",
    source: str = "",
) -> CasualtyFigure:
    return CasualtyFigure(
        kind=kind,  # type: ignore[arg-type]
        low=best if low is None else low,
        best=best,
        high=best if high is None else high,
        side=side,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        span=Span("a", start, start + 5),
        text=text or f"{best} {side}",
        source=source,
        is_total=is_total,
        flag=flag,
    )


@pytest.mark.parametrize(
    ("total", "parts", "expected"),
    [
        (20, 3, [7, 7, 6]),
        (10, 3, [4, 3, 3]),
        (10, 2, [5, 5]),
        (1, 3, [1, 0, 0]),
        (0, 2, [0, 0]),
        (7, 1, [7]),
        (5, 0, []),
    ],
)
def test_split_toll_is_even_with_the_remainder_first(
    total: int, parts: int, expected: list[int]
) -> None:
    assert split_toll(total, parts) == expected
    assert sum(split_toll(total, parts)) == (total if parts else 0)


def test_no_figures_is_a_zero_toll() -> None:
    toll = count_casualties([])
    assert isinstance(toll, Toll)
    assert (toll.fatalities, toll.best, toll.low, toll.high) == (0, 0, 0, 0)
    assert toll.claims == () and toll.counted == ()


def test_sides_add_up_and_go_to_ucdp_columns() -> None:
    toll = count_casualties([fig(22, "security"), fig(36, "civilians"), fig(4, "militants")])
    assert toll.fatalities == 62
    assert (toll.deaths_a, toll.deaths_b, toll.deaths_civilians, toll.deaths_unknown) == (
        22,
        4,
        36,
        0,
    )
    assert toll.best == 62


def test_side_a_can_be_the_non_state_side() -> None:
    toll = count_casualties([fig(3, "security"), fig(5, "militants")], side_a_is_state=False)
    assert (toll.deaths_a, toll.deaths_b) == (5, 3)


def test_attackers_count_with_the_non_state_side() -> None:
    toll = count_casualties([fig(2, "attackers"), fig(1, "security")])
    assert (toll.fatalities, toll.deaths_a, toll.deaths_b) == (3, 1, 2)


def test_only_killed_figures_count() -> None:
    toll = count_casualties(
        [
            fig(3, "civilians"),
            fig(14, "civilians", kind="injured"),
            fig(2, "civilians", kind="abducted"),
        ]
    )
    assert toll.fatalities == 3


def test_a_running_total_is_not_added_to_its_parts() -> None:
    toll = count_casualties(
        [
            fig(22, "security"),
            fig(36, "civilians"),
            fig(58, is_total=True, text="the death toll rose to 58"),
        ]
    )
    assert toll.fatalities == 58
    assert (toll.deaths_a, toll.deaths_civilians, toll.deaths_unknown) == (22, 36, 0)


def test_a_running_total_above_its_parts_leaves_the_rest_unknown() -> None:
    toll = count_casualties([fig(5, "security"), fig(12, is_total=True)])
    assert toll.fatalities == 12
    assert (toll.deaths_a, toll.deaths_unknown) == (5, 7)


def test_a_part_inside_another_figure_is_not_added() -> None:
    toll = count_casualties(
        [
            fig(7, "security", text="seven officers were killed"),
            fig(7, "security", flag=PART_FLAG, text="the seven officers"),
        ]
    )
    assert toll.fatalities == 7


def test_a_part_of_unknown_dead_names_their_side() -> None:
    toll = count_casualties(
        [fig(12, text="12 people"), fig(4, "civilians", flag=PART_FLAG, text="four children")]
    )
    assert toll.fatalities == 12
    assert (toll.deaths_civilians, toll.deaths_unknown) == (4, 8)


def test_disagreeing_reports_of_one_group_give_lower_best_and_higher_high() -> None:
    toll = count_casualties([fig(5, "civilians", start=0), fig(8, "civilians", start=200)])
    assert toll.fatalities == 5
    assert (toll.best, toll.high) == (5, 8)


def test_another_adds_to_the_same_side() -> None:
    toll = count_casualties(
        [fig(2, "security", text="two soldiers"), fig(1, "security", text="another soldier")]
    )
    assert toll.fatalities == 3


def test_more_than_is_not_additive() -> None:
    toll = count_casualties(
        [
            fig(22, "security", text="more than 22 security officials"),
            fig(30, "security", text="30 soldiers"),
        ]
    )
    assert toll.fatalities == 22


def test_unknown_dead_and_dead_by_side_are_the_same_people() -> None:
    toll = count_casualties([fig(6, text="six people were killed"), fig(4, "security")])
    assert toll.fatalities == 6
    assert (toll.deaths_a, toll.deaths_unknown) == (4, 2)


def test_a_claim_is_kept_apart_when_an_official_figure_exists() -> None:
    claim = fig(280, "security", status="claimed", text="280 soldiers killed")
    toll = count_casualties([fig(7, "security", status="official"), claim])
    assert toll.fatalities == 7
    assert toll.claims == (claim,)
    assert toll.best == 7 and toll.high == 280
    assert claim not in toll.counted


def test_a_lone_claim_is_coded_for_acled_but_only_raises_ucdp_high() -> None:
    # DESIGN.md §5: "Al Shabaab claimed to have killed two soldiers" -> 2.
    toll = count_casualties([fig(2, "security", status="claimed")])
    assert toll.fatalities == 2
    assert (toll.low, toll.best, toll.high) == (0, 0, 2)
    assert toll.deaths_a == 0


def test_disputed_figures_are_claims() -> None:
    toll = count_casualties([fig(3), fig(40, status="disputed")])
    assert toll.fatalities == 3 and len(toll.claims) == 1


def test_flagged_figures_never_count() -> None:
    toll = count_casualties([fig(2019, flag="absurd"), fig(2, "civilians")])
    assert toll.fatalities == 2


def test_a_coders_count_replaces_the_reported_figures() -> None:
    toll = count_casualties(
        [fig(5, text="5 fatalities"), fig(3, is_total=True, source=CODER_SOURCE, text="coded as 3")]
    )
    assert toll.fatalities == 3


def test_vague_figures_keep_their_spread() -> None:
    toll = count_casualties([fig(3, low=1, high=3, text="several people")])
    assert (toll.low, toll.best, toll.high) == (1, 3, 3)


def test_others_of_unknown_status_add_to_the_dead_by_side() -> None:
    toll = count_casualties([fig(5, "security"), fig(3, text="three others")])
    assert (toll.fatalities, toll.deaths_a, toll.deaths_unknown) == (8, 5, 3)


def test_unknown_dead_without_others_are_the_same_people() -> None:
    assert count_casualties([fig(5, "security"), fig(7, text="seven people")]).fatalities == 7


def test_the_wounded_who_died_are_more_dead() -> None:
    figures = [fig(2, "security"), fig(3, text="three of the wounded later died")]
    assert count_casualties(figures).fatalities == 5


def test_a_named_person_does_not_lower_the_count_of_the_group() -> None:
    figures = [fig(2, text="Two people were killed"), fig(1, text="Jane Roe, 34, was shot dead")]
    assert count_casualties(figures).fatalities == 2
    later = [fig(2, text="Two people were killed"), fig(1, text="One person was killed", start=90)]
    assert count_casualties(later).fatalities == 2  # one of the two, told of later


def test_a_later_smaller_figure_in_one_report_is_part_of_the_first() -> None:
    figures = [
        fig(3, text="Three people were shot dead", start=0),
        fig(2, text="two men died at the scene", start=120),
    ]
    toll = count_casualties(figures)
    assert (toll.low, toll.best, toll.high) == (2, 3, 3)


def test_figures_from_different_sources_disagree_and_the_lower_stands() -> None:
    figures = [
        fig(4, text="four people were killed", start=0, source="witnesses"),
        fig(3, text="three people died", start=150, source="police"),
    ]
    toll = count_casualties(figures)
    assert (toll.best, toll.high) == (3, 4)


def test_the_attacker_killing_himself_adds_one() -> None:
    figures = [fig(3, text="killing three"), fig(1, text="killed himself")]
    assert count_casualties(figures).fatalities == 4
