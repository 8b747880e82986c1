"""Item analysis arithmetic, without a database: tables of cases."""

from __future__ import annotations

import pytest

from learning.item_stats import (
    HARD,
    NEGATIVE_DISCRIMINATION,
    UNPICKED_OPTION,
    Item,
    ItemStats,
    Sitting,
    analyse,
    discrimination,
    facility,
    flags_for,
    group_size,
    option_counts,
    upper_and_lower,
)

Q = 1  # the question most cases are about
TF = ("True", "False")


def _sitting(
    student_id: int, score: float, *, correct: bool = False, given: str = "", had: bool = True
) -> Sitting:
    return Sitting(
        student_id=student_id,
        score=score,
        question_ids=frozenset({Q} if had else {99}),
        given={Q: given} if had and given else {},
        correct=frozenset({Q}) if had and correct else frozenset(),
    )


def _stats(**overrides: object) -> ItemStats:
    values: dict[str, object] = {
        "item_id": Q,
        "responses": 10,
        "answered": 10,
        "correct": 5,
        "facility": 0.5,
        "discrimination": 0.3,
        "option_counts": (("True", 5), ("False", 5)),
        "unanswered": 0,
        "other": 0,
        "flags": (),
    }
    values.update(overrides)
    return ItemStats(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("correct", "responses", "expected"),
    [(0, 0, None), (0, 4, 0.0), (1, 4, 0.25), (4, 4, 1.0), (2, 3, 2 / 3)],
)
def test_facility_is_the_share_correct(correct: int, responses: int, expected: float) -> None:
    assert facility(correct, responses) == expected


@pytest.mark.parametrize(
    ("students", "size"),
    [(0, 0), (1, 0), (2, 1), (3, 1), (5, 1), (6, 2), (10, 3), (100, 27), (300, 81)],
)
def test_each_group_is_27_percent_of_the_students_and_at_least_one(
    students: int, size: int
) -> None:
    assert group_size(students) == size


def test_groups_are_the_best_and_worst_scores_with_ties_broken_by_student_id() -> None:
    sittings = [_sitting(n, score) for n, score in enumerate([0.5, 0.9, 0.1, 0.9, 0.3, 0.1, 0.7])]

    upper, lower = upper_and_lower(sittings)

    assert [s.student_id for s in upper] == [1, 3]
    assert [s.student_id for s in lower] == [2, 5]


# (upper group: correct?, lower group: correct?, expected discrimination)
DISCRIMINATION = [
    pytest.param([True, True], [False, False], 1.0, id="only-the-strong-get-it"),
    pytest.param([False, False], [True, True], -1.0, id="only-the-weak-get-it"),
    pytest.param([True, False], [True, False], 0.0, id="no-difference"),
    pytest.param([True, True], [True, False], 0.5, id="half"),
    pytest.param([], [True], None, id="upper-never-had-it"),
]


@pytest.mark.parametrize(("upper", "lower", "expected"), DISCRIMINATION)
def test_discrimination_is_upper_facility_minus_lower_facility(
    upper: list[bool], lower: list[bool], expected: float | None
) -> None:
    high = [_sitting(n, 1.0, correct=ok) for n, ok in enumerate(upper)]
    low = [_sitting(10 + n, 0.0, correct=ok) for n, ok in enumerate(lower)]

    assert discrimination(Q, high, low) == expected


def test_a_group_member_without_the_question_is_left_out_of_its_group() -> None:
    high = [_sitting(1, 1.0, correct=True), _sitting(2, 1.0, had=False)]
    low = [_sitting(3, 0.0, correct=False)]

    assert discrimination(Q, high, low) == 1.0


OPTION_COUNTS = [
    pytest.param(TF, [], ((("True", 0), ("False", 0)), 0, 0), id="nobody"),
    pytest.param(TF, ["True", "True", ""], ((("True", 2), ("False", 0)), 1, 0), id="zero-kept"),
    pytest.param(TF, ["False", "  ", "Maybe"], ((("True", 0), ("False", 1)), 1, 1), id="other"),
    pytest.param(("B", "A"), ["A"], ((("B", 0), ("A", 1)), 0, 0), id="options-keep-their-order"),
    pytest.param((), ["typed text", ""], ((), 1, 1), id="no-options"),
]


@pytest.mark.parametrize(("options", "answers", "expected"), OPTION_COUNTS)
def test_option_counts_include_options_nobody_chose(
    options: tuple[str, ...], answers: list[str], expected: tuple
) -> None:
    assert option_counts(options, answers) == expected


FLAGS = [
    pytest.param({}, (), id="sound"),
    pytest.param({"facility": 0.1}, (HARD,), id="hard"),
    pytest.param({"facility": 0.2}, (), id="exactly-0.2-is-not-hard"),
    pytest.param({"discrimination": -0.1}, (NEGATIVE_DISCRIMINATION,), id="negative"),
    pytest.param({"discrimination": 0.0}, (), id="zero-is-not-negative"),
    pytest.param({"discrimination": None}, (), id="no-discrimination"),
    pytest.param(
        {"option_counts": (("True", 10), ("False", 0))}, (UNPICKED_OPTION,), id="unpicked"
    ),
    pytest.param({"option_counts": ()}, (), id="no-options"),
    pytest.param(
        {"facility": 0.0, "discrimination": -0.5, "option_counts": (("A", 0), ("B", 10))},
        (HARD, NEGATIVE_DISCRIMINATION, UNPICKED_OPTION),
        id="all-three",
    ),
    pytest.param(
        {"responses": 4, "facility": 0.0, "discrimination": -1.0, "option_counts": (("A", 0),)},
        (),
        id="too-few-responses-flag-nothing",
    ),
    pytest.param({"responses": 5, "facility": 0.0}, (HARD,), id="five-responses-are-enough"),
]


@pytest.mark.parametrize(("overrides", "expected"), FLAGS)
def test_flags(overrides: dict[str, object], expected: tuple[str, ...]) -> None:
    assert flags_for(_stats(**overrides)) == expected


def test_analyse_puts_it_together_per_question() -> None:
    # Ten students: the five best got question 1 right, the five worst wrong (True is right).
    sittings = [
        Sitting(
            student_id=n,
            score=n / 10,
            question_ids=frozenset({1, 2}),
            given={1: "True" if n >= 5 else "False", 2: "True"} if n else {2: "True"},
            correct=frozenset({1} if n >= 5 else set()) | {2},
        )
        for n in range(10)
    ]
    items = [Item(1, TF), Item(2, TF), Item(3)]

    first, second, third = analyse(items, sittings)

    assert (first.responses, first.answered, first.correct) == (10, 9, 5)
    assert first.facility == 0.5 and first.discrimination == 1.0
    assert first.option_counts == (("True", 5), ("False", 4))
    assert first.unanswered == 1 and first.flags == ()
    assert second.facility == 1.0 and second.discrimination == 0.0
    assert second.flags == (UNPICKED_OPTION,) and second.unpicked_options == ("False",)
    assert (third.responses, third.facility, third.discrimination) == (0, None, None)


def test_analyse_takes_the_minimum_number_of_responses() -> None:
    sittings = [_sitting(n, 0.5, given="True") for n in range(3)]

    (stats,) = analyse([Item(Q, TF)], sittings, min_responses=3)

    assert stats.flags == (HARD, UNPICKED_OPTION)
