"""How much of the class's material each student remembers now, from their own scheduler.

**Material**: the active questions of each assignment's bank in that assignment's categories
(all of the bank's categories when it names none), whatever their type: memory is of facts,
and the quiz and the study session share the same cards. A question counts as **recalled**
while the student's chance of recalling it is at least 90 % — the rule of their own progress
page (`progress.is_mastered`), with their own scheduling settings.

**Falling behind**: recalling a share of the material at least FALLING_BEHIND_BY percentage
points below the class median. Such students are listed first, weakest first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_
from statistics import median

from django.contrib.auth.models import User
from django.db.models import Count, Q

from learning.models import Assignment, CardState, Question, StudySettings
from learning.models.bank import category_label
from learning.models.reviews import MEMORY_FIELDS, memory_from_row
from learning.scheduling import Preferences, is_due
from learning.services.progress import (
    MASTERED_AT,
    hidden_quiz_memories,
    is_mastered,
    ordered_categories,
    share_percent,
)

FALLING_BEHIND_BY = 20  # percentage points below the class median
RECALL_PERCENT = round(100 * MASTERED_AT)
# A student who never saved any settings is scheduled with the model's defaults.
DEFAULT_PREFERENCES = StudySettings().preferences


@dataclass(frozen=True)
class Category:
    name: str
    label: str
    questions: int  # in the class's material


@dataclass(frozen=True)
class Share:
    recalled: int
    total: int

    @property
    def percent(self) -> int:
        return share_percent(self.recalled, self.total)


@dataclass
class StudentMemory:
    student: User
    name: str
    shares: list[tuple[Category, Share]]  # in the order of the class's categories
    overall: Share
    overdue: int  # studied cards of the material due now or earlier
    behind: bool = False


@dataclass(frozen=True)
class ClassMemory:
    categories: list[Category]
    students: list[StudentMemory] = field(default_factory=list)
    median_percent: float | None = None

    @property
    def behind_count(self) -> int:
        return sum(row.behind for row in self.students)


def class_memory_summary(
    *, assignments: Sequence[Assignment], students: Sequence[tuple[User, str]], now: datetime
) -> ClassMemory:
    """`students` are (user, display name) in the order to show those not falling behind."""
    scope = material(assignments)
    if scope is None:
        return ClassMemory(categories=[])
    totals = _questions_per_category(scope)
    categories = [
        Category(name, category_label(name), totals[name]) for name in ordered_categories(totals)
    ]
    recalled, overdue = _recalled(scope, [user for user, _ in students], now=now)
    everyone = sum(totals.values())
    rows = [
        StudentMemory(
            student=user,
            name=name,
            shares=[(c, Share(recalled[user.pk][c.name], c.questions)) for c in categories],
            overall=Share(sum(recalled[user.pk].values()), everyone),
            overdue=overdue[user.pk],
        )
        for user, name in students
    ]
    middle = median(row.overall.percent for row in rows) if rows else None
    for row in rows:
        row.behind = middle is not None and row.overall.percent <= middle - FALLING_BEHIND_BY
    behind = sorted((row for row in rows if row.behind), key=lambda row: row.overall.percent)
    return ClassMemory(
        categories=categories,
        students=behind + [row for row in rows if not row.behind],
        median_percent=middle,
    )


def material(assignments: Sequence[Assignment]) -> Q | None:
    """Which questions the class's assignments cover, as a filter on Question; None: none."""
    parts = [
        Q(bank_id=assignment.bank_id, category__in=assignment.categories)
        if assignment.categories
        else Q(bank_id=assignment.bank_id)
        for assignment in assignments
    ]
    return reduce(or_, parts) if parts else None


def _questions_per_category(scope: Q) -> Counter[str]:
    rows = Question.objects.active().filter(scope).order_by().values_list("category")
    return Counter(dict(rows.annotate(count=Count("pk"))))


def _recalled(
    scope: Q, users: Sequence[User], *, now: datetime
) -> tuple[defaultdict[int, Counter[str]], Counter[int]]:
    """Per student: recalled questions per category, and overdue cards."""
    prefs = _preferences(users)
    ids = [user.pk for user in users]
    in_scope = Question.objects.active().filter(scope).values("pk")
    rows = (
        CardState.objects.filter(user_id__in=ids, question_id__in=in_scope)
        .order_by()
        .values_list("user_id", "question_id", "question__category", *MEMORY_FIELDS)
    )
    # As on the student's own progress page: a quiz counts once its answers are out.
    hidden = hidden_quiz_memories(user_ids=ids, now=now)
    recalled: defaultdict[int, Counter[str]] = defaultdict(Counter)
    overdue: Counter[int] = Counter()
    for user_id, question_id, category, *values in rows:
        memory = hidden.get((user_id, question_id), memory_from_row(*values))
        if memory is None:
            continue
        if is_mastered(memory, now=now, prefs=prefs.get(user_id, DEFAULT_PREFERENCES)):
            recalled[user_id][category] += 1
        if is_due(memory, now=now):
            overdue[user_id] += 1
    return recalled, overdue


def _preferences(users: Sequence[User]) -> dict[int, Preferences]:
    rows = StudySettings.objects.filter(user_id__in=[user.pk for user in users])
    return {row.user_id: row.preferences for row in rows}
