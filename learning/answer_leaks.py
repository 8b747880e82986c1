"""Questions that give each other's answers away, kept out of one quiz. Pure Python.

Generated banks ask about one article many ways, so one question's answer is often printed in
another's prompt or options ("What else is POEMS called?" beside "Crow-Fukase syndrome is
another name for POEMS: true or false?"). A quiz holding both asks the first for free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Too short to be a give-away, or the same two words every true/false question offers.
_MIN_ANSWER = 3
_NOT_GIVE_AWAYS = frozenset({"true", "false"})
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class QuizItem:
    id: int
    answers: tuple[str, ...]  # what would count as right, normalised
    shown: str  # everything the question shows (prompt, options, pairs), normalised and padded


def quiz_item(
    id: int, *, prompt: str, answers: Iterable[str], options: Iterable[str] = ()
) -> QuizItem:
    """`answers`: what the question accepts as right; `options`: every text it offers."""
    kept = {_normal(answer) for answer in answers}
    return QuizItem(
        id=id,
        answers=tuple(
            sorted(a for a in kept if len(a) >= _MIN_ANSWER and a not in _NOT_GIVE_AWAYS)
        ),
        shown=f" {_normal(' '.join([prompt, *options]))} ",
    )


def gives_away(item: QuizItem, other: QuizItem) -> bool:
    """Whether `other` shows one of `item`'s answers, as whole words, ignoring case."""
    return any(f" {answer} " in other.shown for answer in item.answers)


def pick_apart(candidates: Iterable[QuizItem], count: int) -> list[int]:
    """Up to `count` ids, taken in the candidates' order, skipping any question that would give
    away, or be given away by, one already taken. Reads only as many candidates as it needs."""
    picked: list[QuizItem] = []
    for item in candidates:
        if len(picked) == count:
            break
        if not any(gives_away(item, other) or gives_away(other, item) for other in picked):
            picked.append(item)
    return [item.id for item in picked]


def conflicts(items: Sequence[QuizItem]) -> list[tuple[int, int]]:
    """Every pair (a, b) of ids where b gives away a's answer; for reports and tests."""
    return [(a.id, b.id) for a in items for b in items if a is not b and gives_away(a, b)]


def _normal(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())
