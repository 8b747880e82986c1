"""Classes: the instructor's roster, join code and link; the student's list of assignments.

`get_taught_classroom` and `get_joined_classroom` are the access checks every class page uses
(assignments and reports too): anyone else gets a 404, never a hint that the class exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learning.forms_classes import ClassroomForm, JoinForm
from learning.models import Assignment, Attempt, Classroom, Membership
from learning.ratelimits import JOIN_LIMITS, limit_posts, limit_requests
from learning.roles import is_instructor
from learning.services.classes import (
    JoinRefused,
    classroom_create,
    classroom_find,
    classroom_join,
    classroom_remove_student,
    classroom_rotate_code,
    join_code_format,
)
from learning.views.banks import HtmxHttpRequest, SignedInRequest
from learning.views.zones import zone_name

STALE_LINK = (
    "This join link does not work any more: the class's code has changed, or the link was "
    "copied wrongly. Ask your instructor for the current code and type it below."
)


@dataclass
class AssignmentRow:
    """One assignment as a student sees it; `_assignment_actions.html` turns it into buttons."""

    assignment: Assignment
    attempts: list[Attempt] = field(default_factory=list)
    state: str = ""  # "upcoming", "open" or "closed", by the clock alone
    status: str = ""  # what the student reads: "Not started", "In progress", "Submitted"...
    in_progress: Attempt | None = None
    can_start: bool = False  # a hint for the button only; the attempts service decides


def get_taught_classroom(request: HtmxHttpRequest, pk: int) -> Classroom:
    """The class if the signed-in user teaches it; a 404 for students and other instructors."""
    if not is_instructor(request.user):
        raise Http404("No such class.")
    return get_object_or_404(Classroom.objects.taught_by(request.user), pk=pk)  # type: ignore[arg-type]


def get_member(classroom: Classroom, user_id: int) -> Membership:
    """A current student of the class with their user; anyone else is a 404.

    Looked up through `student__pk`: Django answers an id too large for the column with no
    row there, where `student_id` would hand it to the database and fail.
    """
    members = Membership.objects.select_related("student")
    return get_object_or_404(members, classroom=classroom, student__pk=user_id)


def get_joined_classroom(request: HtmxHttpRequest, pk: int) -> Classroom:
    """The class if the signed-in user is one of its students (a removed student is not)."""
    classes = Classroom.objects.joined_by(request.user).select_related("instructor")  # type: ignore[arg-type]
    return get_object_or_404(classes, pk=pk)


@require_GET
@login_required
def class_list(request: SignedInRequest) -> HttpResponse:
    teaches = is_instructor(request.user)
    taught = (
        list(Classroom.objects.taught_by(request.user).annotate(student_count=Count("memberships")))
        if teaches
        else []
    )
    joined = list(Classroom.objects.joined_by(request.user).select_related("instructor"))
    context = {
        "teaches": teaches,
        "taught": taught,
        "joined": joined,
        "create_form": ClassroomForm() if teaches else None,
        "join_form": JoinForm(),
    }
    return render(request, "learning/classes/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def class_create(request: SignedInRequest) -> HttpResponse:
    if not is_instructor(request.user):
        raise Http404("Only instructors create classes.")
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = classroom_create(instructor=request.user, name=form.cleaned_data["name"])
        messages.success(
            request,
            f"Class created. Students join with the code {join_code_format(classroom.join_code)}.",
        )
        return redirect("class_detail", pk=classroom.pk)
    # Status 200 even when invalid, so htmx would swap the messages in too.
    return render(request, "learning/classes/create.html", {"form": form})


@require_GET
@login_required
def class_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    # One URL for both audiences: the class's instructor sees the roster, its students their
    # assignments, and anyone else a 404.
    if is_instructor(request.user):
        taught = Classroom.objects.taught_by(request.user).filter(pk=pk).first()
        if taught is not None:
            return _instructor_page(request, taught)
    return _student_page(request, get_joined_classroom(request, pk))


@require_POST
@login_required
def class_rotate_code(request: SignedInRequest, pk: int) -> HttpResponse:
    classroom = get_taught_classroom(request, pk)
    code = classroom_rotate_code(classroom=classroom)
    messages.success(
        request,
        f"New join code: {join_code_format(code)}. The old code and link no longer work; "
        "students already in the class stay in it.",
    )
    return redirect("class_detail", pk=classroom.pk)


@require_http_methods(["GET", "POST"])
@login_required
def class_remove_student(request: SignedInRequest, pk: int, user_id: int) -> HttpResponse:
    """GET asks for confirmation; only the POST from that page removes the student."""
    classroom = get_taught_classroom(request, pk)
    student = get_member(classroom, user_id).student
    if request.method == "POST":
        classroom_remove_student(classroom=classroom, student=student)
        messages.success(
            request,
            f"{student.get_username()} was removed from {classroom.name}. Their attempts are "
            "kept and show again if they rejoin, which takes the current code.",
        )
        return redirect("class_detail", pk=classroom.pk)
    context = {"classroom": classroom, "student": student}
    return render(request, "learning/classes/remove_student.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@limit_posts(*JOIN_LIMITS)
def class_join(request: SignedInRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = classroom_join(
                student=request.user, code=form.cleaned_data["code"]
            )
        except JoinRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            return _joined(request, membership, created=created)
    # Status 200 even when the code is wrong: the form comes back with the reason.
    return render(request, "learning/classes/join.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
# The GET counts too: it tells whether a code exists, so it is a guess like any other.
@limit_requests(*JOIN_LIMITS)
def class_join_code(request: SignedInRequest, code: str) -> HttpResponse:
    """A join link: GET only shows the class and a Join button; the POST joins."""
    if request.method == "POST":
        try:
            membership, created = classroom_join(student=request.user, code=code)
        except JoinRefused as refusal:
            messages.error(request, str(refusal))
            return render(request, "learning/classes/join.html", {"form": JoinForm()})
        return _joined(request, membership, created=created)
    classroom = classroom_find(code=code)
    if classroom is None:
        form = JoinForm(initial={"code": code[:40]})
        context = {"form": form, "stale_link": STALE_LINK}
        return render(request, "learning/classes/join.html", context, status=404)
    context = {
        "classroom": classroom,
        "code": code,
        "teaches_it": classroom.instructor_id == request.user.pk,
        "already_in": classroom.memberships.filter(student=request.user).exists(),
    }
    return render(request, "learning/classes/join_confirm.html", context)


def _joined(request: SignedInRequest, membership: Membership, *, created: bool) -> HttpResponse:
    name = membership.classroom.name
    if created:
        messages.success(request, f"You joined {name}.")
    else:
        messages.info(request, f"You are already in {name}.")
    return redirect("class_detail", pk=membership.classroom_id)


def _instructor_page(request: SignedInRequest, classroom: Classroom) -> HttpResponse:
    join_path = reverse("class_join_code", args=[classroom.join_code])
    context = {
        "classroom": classroom,
        "memberships": list(
            classroom.memberships.select_related("student").order_by("student__username")
        ),
        "assignments": list(classroom.assignments.select_related("bank")),
        "join_code": join_code_format(classroom.join_code),
        "join_url": request.build_absolute_uri(join_path),
        "time_zone": zone_name(request),
    }
    return render(request, "learning/classes/detail.html", context)


def _student_page(request: SignedInRequest, classroom: Classroom) -> HttpResponse:
    now = timezone.now()
    assignments = list(classroom.assignments.all())
    attempts = Attempt.objects.by_student(request.user).filter(assignment__in=assignments)
    rows = {assignment.pk: AssignmentRow(assignment=assignment) for assignment in assignments}
    for attempt in attempts.order_by("assignment", "number"):
        rows[attempt.assignment_id].attempts.append(attempt)
    for row in rows.values():
        _describe(row, now)
    context = {
        "classroom": classroom,
        "rows": list(rows.values()),
        "time_zone": zone_name(request),
    }
    return render(request, "learning/classes/detail_student.html", context)


def _describe(row: AssignmentRow, now: datetime) -> None:
    assignment = row.assignment
    row.in_progress = next(
        (a for a in row.attempts if not a.is_submitted and a.deadline > now), None
    )
    if now < assignment.opens_at:
        row.state, row.status = "upcoming", "Not open yet"
    elif now < assignment.due_at:
        row.state = "open"
    else:
        row.state = "closed"
    finished = [a for a in row.attempts if a.is_submitted or a.deadline <= now]
    if row.in_progress is not None:
        row.status = "In progress"
    elif finished:
        row.status = "Submitted"
    elif row.state == "open":
        row.status = "Not started"
    elif row.state == "closed":
        row.status = "Missed"
    row.can_start = (
        row.state == "open"
        and row.in_progress is None
        and len(row.attempts) < assignment.attempts_allowed
    )
