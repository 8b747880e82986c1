"""Checks a learner's answer and suggests a grade. Pure Python, no Django.

Typed answers are forgiving where spelling does not matter (case, accents, punctuation, a
leading article, a small typo scaled to the answer's length) and strict where it does:
numbers must match exactly, so "41 years" is never accepted for "14 years".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from learning.scheduling import Rating

# Question types whose answer is typed (checked by check_typed) or picked (check_choice).
TYPED = frozenset({"typed", "cloze"})
CHOSEN = frozenset({"mcq", "true_false"})

_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    close: bool  # right apart from a small typo
    suggested: Rating


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"(?<=\d),(?=\d{3}\b)", "", folded)  # "1,000" and "1000" are one figure
    folded = re.sub(r"[^\w\s]", " ", folded.replace("’", "'").replace("'", ""))
    return _ARTICLE.sub("", " ".join(folded.split()))


def allowed_typos(expected: str) -> int:
    """One slip in a word of 5–8 letters, two beyond that, none in a short answer."""
    length = len(expected)
    if length <= 4:
        return 0
    return 1 if length <= 8 else 2


def check_typed(given: str, accepted: Iterable[str]) -> Verdict:
    answer = normalise(given)
    if not answer:
        return Verdict(correct=False, close=False, suggested=Rating.AGAIN)
    best_close = False
    for option in accepted:
        expected = normalise(option)
        if not expected:
            continue
        if answer == expected:
            return Verdict(correct=True, close=False, suggested=Rating.GOOD)
        if _numbers(given) != _numbers(option):
            continue  # figures are facts: a near miss is a wrong number
        # OSA distance counts a swap of two neighbouring letters ("lupsu") as one slip.
        distance = OSA.distance(answer, expected, score_cutoff=allowed_typos(expected))
        if distance <= allowed_typos(expected):
            best_close = True
    if best_close:
        return Verdict(correct=True, close=True, suggested=Rating.HARD)
    return Verdict(correct=False, close=False, suggested=Rating.AGAIN)


def _numbers(text: str) -> list[str]:
    """The figures in an answer, with thousands separators dropped: "1,000" is "1000"."""
    return [number.replace(",", "") for number in _NUMBER.findall(text)]


def check_choice(given: str, answer: str) -> Verdict:
    """Multiple choice and true/false picks: right or wrong, nothing in between."""
    correct = given.strip() == answer.strip()
    return Verdict(correct=correct, close=False, suggested=Rating.GOOD if correct else Rating.AGAIN)
