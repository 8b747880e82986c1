"""What the take, summary and result pages of an attempt show, and how a posted answer reads.

Before the answers may be shown, nothing here reads a question's answer, accepted answers or
source: the take page is built from the prompt, the options in an order that does not depend
on which one is right, and the student's own saved answer.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import QueryDict
from django.urls import reverse

from learning.answers import CHOSEN, TYPED
from learning.models import Attempt, Question
from learning.views.malformed import Malformed

END = "end"  # the `q` of the summary page, where the attempt is submitted


@dataclass(frozen=True)
class NavItem:
    number: int
    answered: bool
    current: bool
    url: str


@dataclass(frozen=True)
class MatchRow:
    left: str
    picked: str


def take_url(attempt: Attempt, step: int | str) -> str:
    return f"{reverse('attempt_take', args=[attempt.pk])}?q={step}"


def step_of(attempt: Attempt, raw: str | None) -> int | str:
    """The page asked for: a question number (1-based) or the summary; else the first."""
    total = len(attempt.question_ids)
    if raw == END or total == 0:
        return END
    if raw and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= total:
        return int(raw)
    return 1


def saved_answers(attempt: Attempt) -> dict[int, str]:
    return dict(attempt.answers.values_list("question_id", "given"))


def clock_context(attempt: Attempt, now: datetime) -> dict[str, Any]:
    seconds = max(0, math.ceil((attempt.deadline - now).total_seconds()))
    return {"deadline": attempt.deadline, "seconds_left": seconds, "minutes_left": seconds // 60}


def nav_items(attempt: Attempt, saved: dict[int, str], current: int | str) -> list[NavItem]:
    return [
        NavItem(
            number=number,
            answered=bool(saved.get(question_id, "").strip()),
            current=number == current,
            url=take_url(attempt, number),
        )
        for number, question_id in enumerate(attempt.question_ids, start=1)
    ]


def question_context(attempt: Attempt, number: int, saved: dict[int, str]) -> dict[str, Any]:
    question = Question.objects.get(pk=attempt.question_ids[number - 1])
    given = saved.get(question.pk, "")
    context: dict[str, Any] = {
        "question": question,
        "number": number,
        "given": given,
        "is_last": number == len(attempt.question_ids),
        "options": options(attempt, question),
    }
    if question.type == "matching":
        lefts, rights = matching_sides(question)
        picked = dict(pairs_of(given))
        context["match_rows"] = [MatchRow(left=left, picked=picked.get(left, "")) for left in lefts]
        context["match_options"] = rights
    return context


def summary_context(attempt: Attempt, saved: dict[int, str]) -> dict[str, Any]:
    by_id = Question.objects.in_bulk(attempt.question_ids)
    rows = [
        {
            "number": number,
            "question": by_id[question_id],
            "answered": bool(saved.get(question_id, "").strip()),
        }
        for number, question_id in enumerate(attempt.question_ids, start=1)
        if question_id in by_id
    ]
    return {
        "rows": rows,
        "answered": sum(row["answered"] for row in rows),
        "total": len(rows),
    }


def options(attempt: Attempt, question: Question) -> list[str]:
    """The options in the bank's order, or shuffled per student and question: either way
    independent of which option is right."""
    if question.type not in CHOSEN:
        return []
    choices = [str(choice) for choice in question.choices]
    if attempt.assignment.shuffle and question.type == "mcq":
        seed = f"{attempt.assignment.seed}:{attempt.student_id}:{question.pk}"
        random.Random(seed).shuffle(choices)
    return choices


def matching_sides(question: Question) -> tuple[list[str], list[str]]:
    """The items to match in order, and what they match with in alphabetical order: the
    pairs' own order would give the answer away."""
    lefts = [str(pair[0]) for pair in question.pairs]
    rights = sorted({str(pair[1]) for pair in question.pairs}, key=str.casefold)
    return lefts, rights


def pairs_of(given: str) -> list[tuple[str, str]]:
    try:
        return [(str(left), str(right)) for left, right in json.loads(given)]
    except (ValueError, TypeError):
        return []


def posted_answer(question: Question, post: QueryDict, data: dict[str, Any]) -> str:
    """The answer as given, checked only for shape: an option must be one of the question's."""
    if question.type in TYPED:
        return str(data["given"])
    if question.type in CHOSEN:
        choice = str(data["choice"])
        if choice and choice not in [str(option) for option in question.choices]:
            raise Malformed("choice: not one of this question's options")
        return choice
    if question.type == "matching":
        lefts, rights = matching_sides(question)
        picks = post.getlist("match")
        if len(picks) != len(lefts):
            raise Malformed("match: expected one pick for each item")
        if any(pick and pick not in rights for pick in picks):
            raise Malformed("match: not one of this question's options")
        pairs = [[left, pick] for left, pick in zip(lefts, picks, strict=True) if pick]
        return json.dumps(pairs, ensure_ascii=False) if pairs else ""
    raise Malformed("this question takes no answer")


def given_display(question: Question, given: str) -> str:
    if question.type == "matching":
        return "; ".join(f"{left} → {right}" for left, right in pairs_of(given))
    return given.strip()


def result_rows(attempt: Attempt, *, with_answers: bool) -> list[dict[str, Any]]:
    """Each question with the student's answer; the verdict and correct answer only if shown."""
    by_id = Question.objects.in_bulk(attempt.question_ids)
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    rows = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = by_id.get(question_id)
        if question is None:
            continue
        answer = answers.get(question_id)
        row: dict[str, Any] = {
            "number": number,
            "prompt": question.prompt,
            "given": given_display(question, answer.given) if answer else "",
        }
        if with_answers:
            row.update(
                correct=bool(answer and answer.is_correct),
                answer=question.answer,
                pairs=[(str(left), str(right)) for left, right in question.pairs],
                source_quote=question.source_quote,
            )
        rows.append(row)
    return rows
