"""The study session: choose a bank, see a card, reveal it, grade it, take a grade back.

Every step is a real form (POST, then redirect or re-render), and htmx swaps just the card.
A POST no page of ours would send gets a 400 with a one-line reason, never a 500.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from learning.forms_study import CardForm, GradeForm, UndoForm, first_error, known_categories
from learning.models import Bank, CardState, Question, ReviewLog, StudySettings
from learning.models.bank import CATEGORY_CHOICES, category_label
from learning.scheduling import Rating
from learning.services.reviews import (
    AlreadyGraded,
    BadToken,
    NothingToUndo,
    grade_token,
    review_record,
    review_undo,
    study_queue,
)
from learning.views.banks import SignedInRequest, get_bank_for_user
from learning.views.malformed import Malformed, malformed_is_400
from learning.views.study_cards import (
    CHOSEN,
    Shown,
    done_context,
    duration_ms,
    prompt_context,
    revealed_context,
    verdict,
)

PAGE = "learning/study/session.html"
ALREADY_GRADED = (
    "Already graded — that card was graded already (another tab or a double click). "
    "Here is the next one."
)


@require_GET
@login_required
def study_home(request: SignedInRequest) -> HttpResponse:
    banks = list(Bank.objects.visible_to(request.user))
    rows = (
        Question.objects.active()
        .filter(bank__in=banks)
        .values_list("bank_id", "category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for bank_id, category, count in rows:
        counts.setdefault(bank_id, {})[category] = count
    choices = [
        {
            "bank": bank,
            "total": sum(counts[bank.pk].values()),
            "categories": [
                {"name": name, "label": label, "count": counts[bank.pk][name]}
                for name, label in CATEGORY_CHOICES
                if name in counts[bank.pk]
            ],
        }
        for bank in banks
        if bank.pk in counts
    ]
    template = "learning/study/home.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#banks"
    response = render(request, template, {"choices": choices})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@login_required
def study_session(request: SignedInRequest, slug: str) -> HttpResponse:
    bank = get_bank_for_user(request, slug)
    categories = known_categories(request.GET.getlist("category"))
    now = timezone.now()
    context = _next_card_context(request, bank, categories, now, undo_id=_undoable(request, bank))
    response = _render(request, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@login_required
@malformed_is_400
def study_reveal(request: SignedInRequest, slug: str) -> HttpResponse:
    """The answer, the verdict on the learner's answer and the four grades. Records nothing."""
    bank, categories, data, question = _posted_card(request, slug, CardForm)
    now = timezone.now()
    card = CardState.objects.filter(user=request.user, question=question).first()
    shown = Shown(question=question, card=card, token=data["token"])
    study = StudySettings.for_user(request.user)
    context = _base_context(bank, categories, undo_id=_undoable(request, bank))
    context.update(revealed_context(shown, data, study=study, now=now))
    if not request.htmx:
        # The full page shows the counters too; a swap leaves the ones on the page alone.
        queue = study_queue(user=request.user, bank=bank, categories=categories, now=now)
        context["counts"] = {"new": queue.new, "learning": queue.learning, "due": queue.due}
    return _render(request, context)


@require_POST
@login_required
@malformed_is_400
def study_grade(request: SignedInRequest, slug: str) -> HttpResponse:
    bank, categories, data, question = _posted_card(request, slug, GradeForm)
    now = timezone.now()
    found = verdict(question, given=data["given"], choice=data["choice"])
    notice, undo_id = "", None
    try:
        log = review_record(
            user=request.user,
            question=question,
            rating=Rating(data["rating"]),
            token=data["token"],
            now=now,
            given_answer=data["choice"] if question.type in CHOSEN else data["given"],
            was_correct=None if found is None else found.correct,
            duration_ms=duration_ms(data, now),
        )
        undo_id = log.pk
    except BadToken as error:
        raise Malformed(str(error)) from None
    except AlreadyGraded:
        notice, undo_id = ALREADY_GRADED, _undoable(request, bank)
    if not request.htmx and not notice:
        return redirect(_session_url(bank, categories))
    context = _next_card_context(request, bank, categories, now, undo_id=undo_id, notice=notice)
    return _render(request, context)


@require_POST
@login_required
@malformed_is_400
def study_undo(request: SignedInRequest, slug: str) -> HttpResponse:
    """Takes back the latest grade and shows that card again, ready to be graded anew."""
    bank = get_bank_for_user(request, slug)
    categories = known_categories(request.POST.getlist("category"))
    review_id = _valid(UndoForm(request.POST))["review"]
    now = timezone.now()
    shown, notice = None, "Nothing to undo."
    # Only a grade made in this bank is taken back from this bank's page.
    mine = ReviewLog.objects.for_user(request.user).filter(pk=review_id, question__bank=bank)
    try:
        if not mine.exists():
            raise NothingToUndo
        undone = review_undo(user=request.user, review_id=review_id)
    except NothingToUndo:
        pass
    else:
        question = Question.objects.get(pk=undone.question_id)
        card = CardState.objects.filter(user=request.user, question=question).first()
        shown, notice = _shown(request, question, card), "Grade undone. Here is that card again."
    context = _next_card_context(
        request, bank, categories, now, undo_id=_undoable(request, bank), notice=notice, shown=shown
    )
    return _render(request, context)


def _posted_card(
    request: SignedInRequest, slug: str, form_class: type[forms.Form]
) -> tuple[Bank, list[str], dict[str, Any], Question]:
    """The valid form (400 if not; 404 first if the bank is out of reach), the study scope,
    and the posted card with its bank, read in one query (404 unless an active question of a
    bank the learner may read)."""
    form = form_class(request.POST)
    if not form.is_valid():
        get_bank_for_user(request, slug)
    data = _valid(form)
    question = (
        Question.objects.active()
        .in_visible_bank(slug, request.user)
        .filter(pk=data["question"])
        .first()
    )
    if question is None:
        # Like any object the learner may not reach: a 404, not a hint that it exists.
        raise Http404("No such card in this bank.")
    if data["choice"] and question.type in CHOSEN and data["choice"] not in question.choices:
        raise Malformed("choice: not one of this card's options")
    categories = known_categories(request.POST.getlist("category"))
    return question.bank, categories, data, question


def _valid(form: forms.Form) -> dict[str, Any]:
    if not form.is_valid():
        raise Malformed(first_error(form))
    return form.cleaned_data


def _render(request: SignedInRequest, context: dict[str, Any]) -> HttpResponse:
    template = PAGE
    if request.htmx and not request.htmx.history_restore_request:
        template += "#card"
    return render(request, template, context)


def _session_url(bank: Bank, categories: list[str]) -> str:
    url = reverse("study_session", args=[bank.slug])
    return f"{url}?{urlencode([('category', name) for name in categories])}" if categories else url


def _undoable(request: SignedInRequest, bank: Bank) -> int | None:
    """The learner's latest review, if it was made in this bank: the one Undo can take back."""
    latest = (
        ReviewLog.objects.for_user(request.user)
        .order_by("-reviewed_at", "-pk")
        .values_list("pk", "question__bank_id")
        .first()
    )
    return latest[0] if latest and latest[1] == bank.pk else None


def _shown(request: SignedInRequest, question: Question, card: CardState | None) -> Shown:
    reps = card.reps if card else 0
    token = grade_token(user=request.user, question_id=question.pk, reps=reps)
    return Shown(question=question, card=card, token=token)


def _base_context(bank: Bank, categories: list[str], *, undo_id: int | None) -> dict[str, Any]:
    return {
        "bank": bank,
        "categories": categories,
        "scope_labels": [category_label(name) for name in categories],
        "undo_id": undo_id,
        "urls": {
            "reveal": reverse("study_reveal", args=[bank.slug]),
            "grade": reverse("study_grade", args=[bank.slug]),
            "undo": reverse("study_undo", args=[bank.slug]),
        },
    }


def _next_card_context(
    request: SignedInRequest,
    bank: Bank,
    categories: list[str],
    now: datetime,
    *,
    undo_id: int | None,
    notice: str = "",
    shown: Shown | None = None,
) -> dict[str, Any]:
    """The card to show (the queue's next, unless one is given) with the counters."""
    queue = study_queue(user=request.user, bank=bank, categories=categories, now=now)
    context = _base_context(bank, categories, undo_id=undo_id)
    context["counts"] = {"new": queue.new, "learning": queue.learning, "due": queue.due}
    context["notice"] = notice
    if shown is None and queue.question is not None:
        shown = _shown(request, queue.question, queue.card)
    if shown is not None:
        context.update(prompt_context(shown, now))
    else:
        study = StudySettings.for_user(request.user)
        context.update(done_context(study, queue.next_due_at, now))
    return context
