"""Give-aways between questions: one question's answer printed in another. No database."""

from __future__ import annotations

import pytest

from learning.answer_leaks import conflicts, gives_away, pick_apart, quiz_item

ASKED = quiz_item(1, prompt="What is another name for POEMS syndrome?", answers=["Crow-Fukase"])


@pytest.mark.parametrize(
    ("prompt", "options", "leaks"),
    [
        ("Crow-Fukase syndrome is another name for POEMS.", [], True),
        ("Which is right?", ["Lupus", "crow fukase syndrome"], True),  # case and dashes aside
        ("Crow-Fukasey is not a word.", [], False),  # whole words only
        ("Which test shows bone lesions?", ["X-ray", "Biopsy"], False),
    ],
)
def test_an_answer_shown_by_another_question_is_a_give_away(
    prompt: str, options: list[str], leaks: bool
) -> None:
    other = quiz_item(2, prompt=prompt, answers=["x-ray"], options=options)

    assert gives_away(ASKED, other) is leaks


def test_true_false_and_very_short_answers_give_nothing_away() -> None:
    statement = quiz_item(1, prompt="POEMS is rare.", answers=["True"], options=["True", "False"])
    other = quiz_item(2, prompt="Is it true? Or false? Or an M?", answers=["M"])

    assert not gives_away(statement, other)
    assert not gives_away(other, statement)


def test_pick_apart_skips_a_question_that_gives_away_or_is_given_away() -> None:
    told = quiz_item(2, prompt="Crow-Fukase syndrome causes what?", answers=["neuropathy"])
    tells = quiz_item(3, prompt="Which nerve problem comes first?", answers=["polyneuropathy"])
    says = quiz_item(4, prompt="Polyneuropathy comes first: true?", answers=["True"])
    plain = quiz_item(5, prompt="How rare is it?", answers=["1 in 300,000"])

    assert pick_apart([ASKED, told, tells, says, plain], 3) == [1, 3, 5]
    assert conflicts([ASKED, told, tells, says]) == [(1, 2), (3, 4)]
