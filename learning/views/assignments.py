"""Assignments, for the instructor of the class: create, read, edit.

Dates are typed and shown in the instructor's time zone (their study settings), stored in UTC.
Students and other instructors get a 404 on every page here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from learning.forms_assignments import AssignmentForm
from learning.models import Assignment, Attempt, Question
from learning.models.bank import CATEGORY_CHOICES, TYPE_LABELS
from learning.roles import is_instructor
from learning.services import assignments as services
from learning.services.assignments import (
    GRADABLE_TYPES,
    NotEnoughQuestions,
    QuestionSetLocked,
    assignment_save,
)
from learning.views.banks import HtmxHttpRequest, SignedInRequest
from learning.views.classes import get_taught_classroom
from learning.views.zones import user_zone

FORM_PAGE = "learning/assignments/form.html"
NOT_SAVED = "Nothing was saved: correct the fields marked below."


@require_http_methods(["GET", "POST"])
@login_required
def assignment_create(request: SignedInRequest, pk: int) -> HttpResponse:
    classroom = get_taught_classroom(request, pk)
    with user_zone(request) as zone:
        form = AssignmentForm(
            request.POST if request.method == "POST" else None,
            instance=Assignment(classroom=classroom),
            initial=_new_defaults(),
            user=request.user,
            zone=zone,
        )
        if request.method == "POST" and _saved(request, form):
            messages.success(request, f"Assignment “{form.instance.title}” created.")
            return redirect("assignment_detail", pk=form.instance.pk)
        context = {"form": form, "classroom": classroom, "assignment": None, "zone": zone}
        return render(request, FORM_PAGE, context)


@require_http_methods(["GET", "POST"])
@login_required
def assignment_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = get_taught_assignment(request, pk)
    with user_zone(request) as zone:
        form = AssignmentForm(
            request.POST if request.method == "POST" else None,
            instance=assignment,
            user=request.user,
            zone=zone,
            set_locked=Attempt.objects.filter(assignment=assignment).exists(),
        )
        if request.method == "POST" and _saved(request, form):
            messages.success(request, f"Assignment “{form.instance.title}” saved.")
            return redirect("assignment_detail", pk=assignment.pk)
        context = {
            "form": form,
            "classroom": assignment.classroom,
            "assignment": assignment,
            "zone": zone,
        }
        return render(request, FORM_PAGE, context)


@require_http_methods(["GET", "POST"])
@login_required
def assignment_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes, unless a student started it (then nothing changes)."""
    assignment = get_taught_assignment(request, pk)
    if request.method == "POST":
        try:
            services.assignment_delete(assignment=assignment)
        except services.AssignmentStarted as error:
            messages.error(request, str(error))
            return redirect("assignment_detail", pk=assignment.pk)
        messages.success(request, f"Assignment “{assignment.title}” deleted.")
        return redirect("class_detail", pk=assignment.classroom_id)
    started = Attempt.objects.filter(assignment=assignment).exists()
    context = {"assignment": assignment, "classroom": assignment.classroom, "started": started}
    return render(request, "learning/assignments/delete.html", context)


@require_GET
@login_required
def assignment_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = get_taught_assignment(request, pk)
    attempts = Attempt.objects.filter(assignment=assignment)
    questions: list[Question] = []
    if assignment.draw == Assignment.DRAW_FIXED:
        by_id = Question.objects.in_bulk(assignment.fixed_question_ids)
        questions = [by_id[pk] for pk in assignment.fixed_question_ids if pk in by_id]
    started = attempts.values("student").distinct().count()
    with user_zone(request) as zone:
        context = {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "zone": zone,
            "categories": _labels(assignment.categories, dict(CATEGORY_CHOICES)),
            "types": _labels(assignment.question_types or list(GRADABLE_TYPES), TYPE_LABELS),
            "questions": questions,
            "started": started,
            "submitted": attempts.submitted().count(),
            "deletable": not started,  # no student means no attempt
        }
        return render(request, "learning/assignments/detail.html", context)


def get_taught_assignment(request: HtmxHttpRequest, pk: int) -> Assignment:
    """The assignment if the signed-in user teaches its class; a 404 for anyone else."""
    if not is_instructor(request.user):
        raise Http404("No such assignment.")
    assignments = Assignment.objects.select_related("classroom", "bank")
    return get_object_or_404(assignments, pk=pk, classroom__instructor=request.user)


def _saved(request: SignedInRequest, form: AssignmentForm) -> bool:
    if form.is_valid():
        try:
            assignment_save(assignment=form.save(commit=False))
        except NotEnoughQuestions as error:
            form.add_error("question_count", str(error))
        except QuestionSetLocked as error:
            form.add_error(None, str(error))
        else:
            _warn_of_repeats(request, form.instance)
            return True
    messages.error(request, NOT_SAVED)
    return False


def _warn_of_repeats(request: SignedInRequest, assignment: Assignment) -> None:
    short = services.later_attempts_repeat(assignment=assignment)
    if short:
        messages.warning(
            request,
            f"Answers are shown after each attempt, but the bank has {short} question"
            f"{'s' if short != 1 else ''} too few to give all {assignment.attempts_allowed} "
            "attempts new ones: later attempts repeat questions whose answers students have "
            "seen. Widen the categories or types, ask for fewer questions, or allow fewer "
            "attempts.",
        )


def _new_defaults() -> dict[str, Any]:
    opens = timezone.now().replace(second=0, microsecond=0)
    return {
        "question_count": 10,
        "draw": Assignment.DRAW_FIXED,
        "opens_at": opens,
        "due_at": opens + timedelta(days=7),
        "attempts_allowed": 1,
        "show_answers": Assignment.SHOW_AFTER_DUE,
    }


def _labels(names: list[str], labels: dict[str, str]) -> list[str]:
    return [labels.get(name, name) for name in names]
