"""What the gradebook, its CSV and the per-student report show, in a fixed number of queries.

A cell counts a student's **best** submitted attempt (highest share correct; the earlier one
on a tie), as Moodle's "highest grade" does: a later, worse try never lowers a grade.
Students are the class's current members; a removed student's attempts stay in the database
but leave the gradebook with them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import User
from django.db.models import QuerySet

from learning.models import Assignment, Attempt, Classroom, Membership
from learning.services.attempts import attempts_close_expired
from learning.services.class_memory import ClassMemory, class_memory_summary


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    LATE = "late"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.SUBMITTED: "Submitted",
    Status.LATE: "Late",
}
# The legend under the gradebook; the server refuses work after the due date, so "late"
# cannot mean "handed in late": it means the due date passed with nothing handed in.
STATUS_HELP = {
    Status.NOT_STARTED: "no attempt yet, and the due date has not passed.",
    Status.IN_PROGRESS: "an attempt is open right now (an earlier attempt's score still shows).",
    Status.SUBMITTED: "at least one attempt handed in, by the student or closed by its time "
    "limit; the score is the best attempt's.",
    Status.LATE: "the due date has passed and nothing was handed in: the work is missing.",
}


@dataclass(frozen=True)
class AttemptRow:
    """The columns of an attempt the reports read, without loading the model."""

    pk: int
    assignment_id: int
    student_id: int
    number: int
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    closed_by_deadline: bool
    score: int | None
    max_score: int

    @property
    def fraction(self) -> float | None:
        if self.submitted_at is None or self.score is None or not self.max_score:
            return None
        return self.score / self.max_score

    @property
    def percent(self) -> float | None:
        fraction = self.fraction
        return None if fraction is None else round(100 * fraction, 1)

    @property
    def time_taken_ms(self) -> int | None:
        if self.submitted_at is None:
            return None
        # An attempt closed by its deadline took until the deadline, not until it was noticed.
        end = min(self.submitted_at, self.deadline)
        return max(0, round((end - self.started_at).total_seconds() * 1000))


ATTEMPT_FIELDS = [
    "pk",
    "assignment_id",
    "student_id",
    "number",
    "started_at",
    "deadline",
    "submitted_at",
    "closed_by_deadline",
    "score",
    "max_score",
]


@dataclass(frozen=True)
class Cell:
    status: Status
    best: AttemptRow | None
    attempts_used: int
    attempts_allowed: int


@dataclass(frozen=True)
class StudentRow:
    student: User
    name: str
    cells: list[Cell]  # in the order of the gradebook's assignments


@dataclass(frozen=True)
class Gradebook:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[StudentRow]


@dataclass(frozen=True)
class AssignmentAttempts:
    assignment: Assignment
    cell: Cell
    attempts: list[AttemptRow]  # in attempt order


@dataclass(frozen=True)
class StudentReport:
    student: User
    name: str
    assignments: list[AssignmentAttempts]
    memory: ClassMemory  # of this one student, over the class's material


def gradebook_summary(*, classroom: Classroom, now: datetime) -> Gradebook:
    assignments = class_assignments(classroom=classroom, now=now)
    students = class_students(classroom)
    attempts = _group(
        _attempt_rows(
            Attempt.objects.filter(
                assignment__classroom=classroom, student__memberships__classroom=classroom
            )
        )
    )
    rows = [
        StudentRow(
            student=student,
            name=display_name(student),
            cells=[
                cell_for(assignment, attempts.get((assignment.pk, student.pk), []), now=now)
                for assignment in assignments
            ],
        )
        for student in students
    ]
    return Gradebook(classroom=classroom, assignments=assignments, rows=rows)


def student_summary(*, classroom: Classroom, student: User, now: datetime) -> StudentReport:
    """One member's attempts at each of the class's assignments, and what they remember."""
    assignments = class_assignments(classroom=classroom, now=now)
    attempts = _group(
        _attempt_rows(Attempt.objects.filter(assignment__classroom=classroom, student=student))
    )
    name = display_name(student)
    rows = []
    for assignment in assignments:
        mine = attempts.get((assignment.pk, student.pk), [])
        rows.append(AssignmentAttempts(assignment, cell_for(assignment, mine, now=now), mine))
    memory = class_memory_summary(assignments=assignments, students=[(student, name)], now=now)
    return StudentReport(student=student, name=name, assignments=rows, memory=memory)


def class_assignments(*, classroom: Classroom, now: datetime) -> list[Assignment]:
    """The class's assignments, once every attempt past its deadline is closed and scored."""
    assignments = list(classroom.assignments.all())
    # A report must not show "in progress" for an attempt whose time ran out unnoticed.
    attempts_close_expired(assignments=assignments, now=now)
    return assignments


def class_students(classroom: Classroom) -> list[User]:
    students = [
        membership.student
        for membership in Membership.objects.filter(classroom=classroom).select_related("student")
    ]
    return sorted(students, key=lambda user: (display_name(user).casefold(), user.username))


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


def cell_for(assignment: Assignment, attempts: Sequence[AttemptRow], *, now: datetime) -> Cell:
    return Cell(
        status=status_of(assignment, attempts, now=now),
        best=best_attempt(attempts),
        attempts_used=len(attempts),
        attempts_allowed=assignment.attempts_allowed,
    )


def status_of(assignment: Assignment, attempts: Sequence[AttemptRow], *, now: datetime) -> Status:
    if any(row.submitted_at is None and row.deadline > now for row in attempts):
        return Status.IN_PROGRESS
    if any(row.submitted_at is not None for row in attempts):
        return Status.SUBMITTED
    return Status.LATE if now >= assignment.due_at else Status.NOT_STARTED


def best_attempt[Row: AttemptRow](attempts: Iterable[Row]) -> Row | None:
    scored = [row for row in attempts if row.fraction is not None]
    if not scored:
        return None
    return max(scored, key=lambda row: (row.fraction, -row.number))


def _attempt_rows(queryset: QuerySet[Attempt]) -> list[AttemptRow]:
    return [AttemptRow(*row) for row in queryset.order_by().values_list(*ATTEMPT_FIELDS)]


def _group(rows: Iterable[AttemptRow]) -> dict[tuple[int, int], list[AttemptRow]]:
    grouped: dict[tuple[int, int], list[AttemptRow]] = defaultdict(list)
    for row in sorted(rows, key=lambda row: row.number):
        grouped[row.assignment_id, row.student_id].append(row)
    return grouped
