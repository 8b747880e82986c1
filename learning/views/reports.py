"""Instructor reports: the gradebook and its CSV, one student's report, item analysis, and
the class's memory. Only the class's instructor reaches them; anyone else gets a 404.
"""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from learning import item_stats
from learning.roles import can_edit_bank
from learning.services import class_memory as memory_rules
from learning.services.class_memory import class_memory_summary
from learning.services.gradebook import (
    STATUS_HELP,
    Gradebook,
    Status,
    class_assignments,
    class_students,
    display_name,
    gradebook_summary,
    student_summary,
)
from learning.services.item_analysis import item_analysis_summary
from learning.views.assignments import get_taught_assignment
from learning.views.banks import SignedInRequest
from learning.views.classes import get_member, get_taught_classroom
from learning.views.zones import zone_name

# A spreadsheet runs a cell starting with one of these as a formula; usernames and titles
# are typed by users, so such a cell is written as text (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_GET
@login_required
def gradebook(request: SignedInRequest, pk: int) -> HttpResponse:
    classroom = get_taught_classroom(request, pk)
    book = gradebook_summary(classroom=classroom, now=timezone.now())
    context = {
        "book": book,
        "classroom": classroom,
        "legend": _legend(),
        "time_zone": zone_name(request),
    }
    return render(request, "learning/reports/gradebook.html", context)


@require_GET
@login_required
def gradebook_csv(request: SignedInRequest, pk: int) -> HttpResponse:
    classroom = get_taught_classroom(request, pk)
    now = timezone.now()
    book = gradebook_summary(classroom=classroom, now=now)
    filename = f"{slugify(classroom.name) or 'class'}-gradebook-{now:%Y-%m-%d}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    writer = csv.writer(response)
    writer.writerows([_csv_safe(cell) for cell in row] for row in csv_rows(book))
    return response


def csv_rows(book: Gradebook) -> list[list[str]]:
    """A header, then one row per student: each assignment's best score in percent (empty
    when none), its status and the attempts used."""
    header = ["Student", "Username"]
    for assignment in book.assignments:
        title = assignment.title
        header += [f"{title} (%)", f"{title} status", f"{title} attempts"]
    rows = [header]
    for row in book.rows:
        line = [row.name, row.student.username]
        for cell in row.cells:
            percent = cell.best.percent if cell.best else None
            line += [
                "" if percent is None else f"{percent:g}",
                cell.status.label,
                str(cell.attempts_used),
            ]
        rows.append(line)
    return rows


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@require_GET
@login_required
def student_report(request: SignedInRequest, pk: int, user_id: int) -> HttpResponse:
    classroom = get_taught_classroom(request, pk)
    # Current members only, like the gradebook: anyone else's id is a 404.
    student = get_member(classroom, user_id).student
    report = student_summary(classroom=classroom, student=student, now=timezone.now())
    context = {
        "classroom": classroom,
        "report": report,
        "legend": _legend(),
        "recall_percent": memory_rules.RECALL_PERCENT,
        "time_zone": zone_name(request),
    }
    return render(request, "learning/reports/student.html", context)


@require_GET
@login_required
def item_analysis(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = get_taught_assignment(request, pk)
    analysis = item_analysis_summary(assignment=assignment, now=timezone.now())
    context = {
        "assignment": assignment,
        "classroom": assignment.classroom,
        "bank": assignment.bank,
        "analysis": analysis,
        # Another instructor's published bank can be assigned, but not edited from here.
        "can_edit": can_edit_bank(request.user, assignment.bank),
        "min_responses": item_stats.MIN_RESPONSES,
        "hard_below": item_stats.HARD_BELOW,
        "group_percent": round(100 * item_stats.GROUP_SHARE),
    }
    return render(request, "learning/reports/item_analysis.html", context)


@require_GET
@login_required
def class_memory(request: SignedInRequest, pk: int) -> HttpResponse:
    classroom = get_taught_classroom(request, pk)
    now = timezone.now()
    assignments = class_assignments(classroom=classroom, now=now)
    students = [(user, display_name(user)) for user in class_students(classroom)]
    memory = class_memory_summary(assignments=assignments, students=students, now=now)
    context = {
        "classroom": classroom,
        "memory": memory,
        "has_assignments": bool(assignments),
        "recall_percent": memory_rules.RECALL_PERCENT,
        "behind_by": memory_rules.FALLING_BEHIND_BY,
    }
    return render(request, "learning/reports/class_memory.html", context)


def _legend() -> list[tuple[str, str, str]]:
    return [(status.value, status.label, STATUS_HELP[status]) for status in Status]
