"""Item analysis of one assignment: reads the rows in a fixed number of queries and hands them
to the pure arithmetic in `learning.item_stats`.

Each current member of the class counts once, with the attempt the gradebook counts (their
best submitted one), so a student who tried three times does not weigh three times in the
upper or lower group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from learning import item_stats
from learning.answers import CHOSEN
from learning.item_stats import Item, ItemStats, Sitting
from learning.models import Assignment, Attempt, AttemptAnswer, Question
from learning.services.attempts import attempts_close_expired
from learning.services.gradebook import ATTEMPT_FIELDS, AttemptRow, best_attempt

HARD_PERCENT = round(100 * item_stats.HARD_BELOW)
FLAG_LABELS = {
    item_stats.HARD: f"Hard: fewer than {HARD_PERCENT} % answered it correctly",
    item_stats.NEGATIVE_DISCRIMINATION: "Negative discrimination: weaker students did better",
    item_stats.UNPICKED_OPTION: "An option nobody picked",
}


@dataclass(frozen=True)
class QuestionAnalysis:
    question: Question
    stats: ItemStats

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[flag] for flag in self.stats.flags]

    @property
    def has_options(self) -> bool:
        return self.question.type in CHOSEN


@dataclass(frozen=True)
class ItemAnalysis:
    assignment: Assignment
    students: int  # students counted: current members with a submitted attempt
    group_size: int  # students in each of the upper and lower groups
    questions: list[QuestionAnalysis]

    @property
    def flagged(self) -> list[QuestionAnalysis]:
        return [row for row in self.questions if row.stats.flags]


def item_analysis_summary(*, assignment: Assignment, now: datetime) -> ItemAnalysis:
    attempts_close_expired(assignments=[assignment], now=now)
    counted = _counted_attempts(assignment)
    answers = _answers(assignment, {row.pk for row in counted})
    sittings = [
        Sitting(
            student_id=row.student_id,
            score=row.fraction or 0.0,
            question_ids=frozenset(row.question_ids),
            given={qid: given for qid, (given, _) in answers[row.pk].items()},
            correct=frozenset(qid for qid, (_, ok) in answers[row.pk].items() if ok),
        )
        for row in counted
    ]
    questions = _questions(assignment, sittings)
    items = [Item(q.pk, tuple(q.choices) if q.type in CHOSEN else ()) for q in questions]
    stats = item_stats.analyse(items, sittings)
    return ItemAnalysis(
        assignment=assignment,
        students=len(sittings),
        group_size=item_stats.group_size(len(sittings)),
        questions=[QuestionAnalysis(q, s) for q, s in zip(questions, stats, strict=True)],
    )


@dataclass(frozen=True)
class _Counted(AttemptRow):
    question_ids: tuple[int, ...] = ()


def _counted_attempts(assignment: Assignment) -> list[_Counted]:
    """Each current member's best submitted attempt."""
    rows = (
        Attempt.objects.submitted()
        .filter(assignment=assignment, student__memberships__classroom=assignment.classroom_id)
        .order_by()
        .values_list(*ATTEMPT_FIELDS, "question_ids")
    )
    per_student: dict[int, list[_Counted]] = defaultdict(list)
    for *values, question_ids in rows:
        row = _Counted(*values, question_ids=tuple(question_ids))
        per_student[row.student_id].append(row)
    best = (best_attempt(attempts) for attempts in per_student.values())
    return [row for row in best if row is not None]


def _answers(
    assignment: Assignment, attempt_ids: set[int]
) -> defaultdict[int, dict[int, tuple[str, bool]]]:
    """attempt id -> question id -> (answer given, correct), for the counted attempts."""
    # Read by assignment, not by a list of hundreds of attempt ids, then kept by id in Python.
    rows = (
        AttemptAnswer.objects.filter(
            attempt__assignment=assignment, attempt__submitted_at__isnull=False
        )
        .order_by()
        .values_list("attempt_id", "question_id", "given", "is_correct")
    )
    answers: defaultdict[int, dict[int, tuple[str, bool]]] = defaultdict(dict)
    for attempt_id, question_id, given, is_correct in rows:
        if attempt_id in attempt_ids:
            answers[attempt_id][question_id] = (given, bool(is_correct))
    return answers


def _questions(assignment: Assignment, sittings: list[Sitting]) -> list[Question]:
    """The fixed set in its order, then any other question an attempt had (per-student draws)."""
    fixed = [int(pk) for pk in assignment.fixed_question_ids]
    drawn = {qid for sitting in sittings for qid in sitting.question_ids}
    wanted = set(fixed) | drawn
    by_id = {q.pk: q for q in Question.objects.filter(pk__in=wanted, bank=assignment.bank_id)}
    order = {pk: index for index, pk in enumerate(fixed)}
    return sorted(by_id.values(), key=lambda q: (order.get(q.pk, len(order)), q.position, q.pk))
