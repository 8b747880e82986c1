"""What the study card shows in each state: the prompt, the revealed answer, or "nothing due".

The view decides which card and state; these build the template context for it. Nothing here
trusts the browser: verdicts are recomputed from the learner's raw answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.timesince import timeuntil

from learning.answers import CHOSEN, TYPED, Verdict, check_choice, check_typed, normalise
from learning.forms_study import MAX_DURATION_MS
from learning.models import CardState, Question, StudySettings
from learning.scheduling import Memory, Rating, format_interval, preview

VERDICT_LABELS = {"correct": "Correct", "close": "Close (typo)", "wrong": "Wrong"}


@dataclass(frozen=True)
class Shown:
    """A card about to be shown, with the token that lets it be graded once."""

    question: Question
    card: CardState | None
    token: str


@dataclass(frozen=True)
class Grade:
    rating: int
    label: str
    interval: str
    suggested: bool
    focus: bool


@dataclass(frozen=True)
class Option:
    key: str
    value: str


def prompt_context(shown: Shown, now: datetime) -> dict[str, Any]:
    question = shown.question
    context: dict[str, Any] = {
        "state": "prompt",
        "question": question,
        "token": shown.token,
        "shown_at": int(now.timestamp() * 1000),
        "options": _options(question),
    }
    if question.type == "matching":
        context["matching"] = _matching(question)
    return context


def revealed_context(
    shown: Shown, data: dict[str, Any], *, study: StudySettings, now: datetime
) -> dict[str, Any]:
    """The answer, the verdict on the learner's answer, and what each grade would do."""
    question = shown.question
    found = verdict(question, given=data["given"], choice=data["choice"])
    memory = shown.card.memory if shown.card else Memory()
    intervals = preview(memory, now=now, prefs=study.preferences)
    suggested = found.suggested if found else None
    focused = suggested or Rating.GOOD  # self-graded cards: Good has focus, as in Anki
    answer = normalise(question.answer)
    context: dict[str, Any] = {
        "state": "revealed",
        "question": question,
        "token": shown.token,
        "shown_at": data.get("shown_at"),
        "given": data["given"],
        "choice": data["choice"],
        "answered": question.type in TYPED | CHOSEN,
        "given_display": data["choice"] if question.type in CHOSEN else data["given"].strip(),
        "accepted": list(
            dict.fromkeys(a for a in map(str, question.accepted_answers) if normalise(a) != answer)
        ),
        "grades": [
            Grade(
                rating=int(rating),
                label=rating.label,
                interval=format_interval(intervals[rating]),
                suggested=rating is suggested,
                focus=rating is focused,
            )
            for rating in Rating
        ],
    }
    if found is not None:
        key = "close" if found.close else ("correct" if found.correct else "wrong")
        context.update(verdict_key=key, verdict_label=VERDICT_LABELS[key])
    return context


def done_context(study: StudySettings, next_due: datetime | None, now: datetime) -> dict[str, Any]:
    """Nothing left now: say when the next card comes, in the learner's own time zone."""
    if next_due is None:
        return {"state": "empty"}  # the queue finds a next time for any card in the selection
    return {
        "state": "done",
        "next_due": next_due,
        "next_due_text": when(next_due, now, study.time_zone),
    }


def verdict(question: Question, *, given: str, choice: str) -> Verdict | None:
    """The server's own check of the learner's answer; None for self-graded cards."""
    if question.type in TYPED:
        return check_typed(given, [question.answer, *map(str, question.accepted_answers)])
    if question.type in CHOSEN:
        return check_choice(choice, question.answer)
    return None


def duration_ms(data: dict[str, Any], now: datetime) -> int | None:
    """Time on the card: as posted, or since it was shown; capped, as a walk-away is not study."""
    if data.get("duration_ms") is not None:
        return min(data["duration_ms"], MAX_DURATION_MS)
    if data.get("shown_at") is not None:
        elapsed = int(now.timestamp() * 1000) - data["shown_at"]
        return max(0, min(elapsed, MAX_DURATION_MS))
    return None


def when(moment: datetime, now: datetime, zone: str) -> str:
    """'in 9 minutes (today at 14:32 CET)', in the learner's zone."""
    tz = ZoneInfo(zone)
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        day = "today"
    elif local.date() == today + timedelta(days=1):
        day = "tomorrow"
    else:
        day = f"{local:%a} {local.day} {local:%b}"
    return f"in {timeuntil(moment, now)} ({day} at {local:%H:%M} {local.tzname()})"


def _options(question: Question) -> list[Option]:
    if question.type not in CHOSEN:
        return []
    choices = [str(choice) for choice in question.choices]
    if question.type == "true_false":
        return [Option(key=choice[:1].upper(), value=choice) for choice in choices]
    return [Option(key=chr(ord("A") + i), value=choice) for i, choice in enumerate(choices)]


def _matching(question: Question) -> dict[str, list[str]]:
    """The left column in order and the right one shuffled, the same way on every showing."""
    left = [str(pair[0]) for pair in question.pairs]
    right = [str(pair[1]) for pair in question.pairs]
    shuffled = list(right)
    random.Random(question.pk).shuffle(shuffled)
    if shuffled == right and len(set(right)) > 1:
        shuffled = right[1:] + right[:1]  # a "shuffle" that changed nothing would give it away
    return {"left": left, "right": shuffled}
