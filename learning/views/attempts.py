"""A student's attempt: start it, answer question by question, submit, see the result.

Every page works without JavaScript: each answer form is a normal POST that saves and moves
on. With htmx the same form also saves on every change and shows "Saved". The server enforces
every rule (learning/services/attempts.py) whatever the page showed; another student's attempt
is a 404, like one in a class the student has left.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from learning.forms_study import MAX_ANSWER_LENGTH, first_error
from learning.models import Assignment, Attempt, Membership, Question
from learning.services import attempts as service
from learning.views import attempt_pages as pages
from learning.views.banks import SignedInRequest
from learning.views.malformed import Malformed, malformed_is_400
from learning.views.zones import user_zone

TAKE_PAGE = "learning/attempts/take.html"
TIME_UP = "Time is up: your attempt was submitted with the answers saved before the deadline."


class AnswerForm(forms.Form):
    question = forms.IntegerField(min_value=1)
    given = forms.CharField(required=False, max_length=MAX_ANSWER_LENGTH, strip=False)
    choice = forms.CharField(required=False, max_length=MAX_ANSWER_LENGTH)
    go = forms.ChoiceField(
        required=False, choices=[("", ""), ("prev", "prev"), ("next", "next"), ("end", "end")]
    )


@require_POST
@login_required
def attempt_start(request: SignedInRequest, pk: int) -> HttpResponse:
    member_of = Assignment.objects.filter(classroom__memberships__student=request.user)
    assignment = get_object_or_404(member_of, pk=pk)
    try:
        attempt = service.attempt_start(
            assignment=assignment, student=request.user, now=timezone.now()
        )
    except service.AttemptRefused as error:
        messages.error(request, str(error))
        return redirect("class_detail", pk=assignment.classroom_id)
    return redirect(pages.take_url(attempt, 1))


@require_GET
@login_required
def attempt_take(request: SignedInRequest, pk: int) -> HttpResponse:
    attempt = _get_attempt_to_take(request, pk)
    now = timezone.now()
    if attempt.is_submitted:
        return redirect("attempt_result", pk=attempt.pk)
    if now >= attempt.deadline:
        service.attempt_close(attempt=attempt, now=now)
        messages.info(request, TIME_UP)
        return redirect("attempt_result", pk=attempt.pk)
    step = pages.step_of(attempt, request.GET.get("q"))
    saved = pages.saved_answers(attempt)
    context: dict[str, Any] = {
        "attempt": attempt,
        "assignment": attempt.assignment,
        "step": step,
        "nav": pages.nav_items(attempt, saved, step),
        "total": len(attempt.question_ids),
        **pages.clock_context(attempt, now),
    }
    if step == pages.END:
        context.update(pages.summary_context(attempt, saved))
    else:
        context.update(pages.question_context(attempt, int(step), saved))
    with user_zone(request) as zone:
        return render(request, TAKE_PAGE, {**context, "zone": zone})


@require_POST
@login_required
@malformed_is_400
def attempt_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    attempt = _get_attempt_to_take(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise Malformed(first_error(form))
    data = form.cleaned_data
    if data["question"] not in attempt.question_ids:
        raise Http404("No such question in this attempt.")
    question = get_object_or_404(Question, pk=data["question"])
    given = pages.posted_answer(question, request.POST, data)
    try:
        service.attempt_answer(attempt=attempt, question=question, given=given, now=timezone.now())
    except service.AttemptClosed as error:
        return _to_result(request, attempt, str(error))
    if request.htmx and not data["go"]:
        number = attempt.question_ids.index(question.pk) + 1
        response = render(request, f"{TAKE_PAGE}#save_status", {"number": number})
        patch_vary_headers(response, ["HX-Request"])
        return response
    return redirect(_next_url(attempt, question, data["go"]))


@require_POST
@login_required
def attempt_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Submits the answers as saved; anything else posted (a `score`, say) is ignored."""
    attempt = _get_attempt_to_take(request, pk)
    try:
        submitted = service.attempt_submit(attempt=attempt, now=timezone.now())
    except service.AlreadySubmitted:
        messages.info(request, "This attempt was submitted already.")
    else:
        if submitted.closed_by_deadline:
            messages.info(request, TIME_UP)
        else:
            messages.success(request, "Your answers were submitted.")
    return redirect("attempt_result", pk=attempt.pk)


@require_GET
@login_required
def attempt_result(request: SignedInRequest, pk: int) -> HttpResponse:
    # A student removed from the class still sees their own results.
    mine = Attempt.objects.select_related("assignment__classroom").filter(student=request.user)
    attempt = get_object_or_404(mine, pk=pk)
    now = timezone.now()
    if not attempt.is_submitted:
        if now < attempt.deadline:
            return redirect(pages.take_url(attempt, 1))
        service.attempt_close(attempt=attempt, now=now)
        attempt.refresh_from_db()
    assignment = attempt.assignment
    visible = assignment.answers_visible(now)
    used = Attempt.objects.filter(assignment=assignment, student=request.user).count()
    member = Membership.objects.filter(
        classroom_id=assignment.classroom_id, student=request.user
    ).exists()
    context = {
        "attempt": attempt,
        "assignment": assignment,
        "visible": visible,
        "rows": pages.result_rows(attempt, with_answers=visible),
        "percent": round(100 * (attempt.score or 0) / attempt.max_score)
        if attempt.max_score
        else 0,
        # A removed student keeps their results but no longer reaches the class or a retry.
        "member": member,
        "can_retry": member
        and used < assignment.attempts_allowed
        and assignment.opens_at <= now < assignment.due_at,
        "used": used,
    }
    with user_zone(request) as zone:
        return render(request, "learning/attempts/result.html", {**context, "zone": zone})


def _get_attempt_to_take(request: SignedInRequest, pk: int) -> Attempt:
    """The signed-in student's own attempt, in a class they are still in; else a 404."""
    mine = Attempt.objects.select_related("assignment").filter(
        student=request.user, assignment__classroom__memberships__student=request.user
    )
    return get_object_or_404(mine, pk=pk)


def _next_url(attempt: Attempt, question: Question, go: str) -> str:
    number = attempt.question_ids.index(question.pk) + 1
    if go == "prev":
        return pages.take_url(attempt, max(1, number - 1))
    if go == "end" or number >= len(attempt.question_ids):
        return pages.take_url(attempt, pages.END)
    return pages.take_url(attempt, number + 1)


def _to_result(request: SignedInRequest, attempt: Attempt, reason: str) -> HttpResponse:
    messages.info(request, reason)
    url = reverse("attempt_result", args=[attempt.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
