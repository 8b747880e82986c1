"""Question review: an instructor edits, writes, retires and restores questions of a bank, and
promotes questions from its reserve or sends them there.

Only banks the instructor may edit are reachable (their own and the site's); any other bank,
and every page here for a student, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from learning.forms_questions import QuestionForm
from learning.models import Bank, Question
from learning.roles import can_edit_bank
from learning.services.questions import (
    QuestionContent,
    question_create,
    question_place,
    question_restore,
    question_retire,
    question_update,
)
from learning.views.banks import SignedInRequest, question_list_url

NOT_SAVED = "Nothing was saved: correct the fields marked below."
# What the reserve form may ask, and whether it puts the question in the reserve.
PLACEMENTS = {"promote": False, "demote": True}


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    bank = _get_bank_for_editor(request, slug)
    question = get_object_or_404(Question, bank=bank, pk=pk)
    form = QuestionForm.for_question(QuestionContent.of(question), request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                question_update(
                    question=question,
                    content=form.content(),
                    editor=request.user,
                    now=timezone.now(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Question saved. Re-importing the article keeps it.")
                return redirect(question_list_url(bank, question))
        messages.error(request, NOT_SAVED)
    context = {"bank": bank, "question": question, "form": form}
    # Status 200 even when invalid, so htmx would swap the messages in too.
    return render(request, "learning/questions/edit.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def question_new(request: SignedInRequest, slug: str) -> HttpResponse:
    bank = _get_bank_for_editor(request, slug)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                question = question_create(
                    bank=bank, content=form.content(), editor=request.user, now=timezone.now()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Question added. Re-importing the article keeps it.")
                return redirect(question_list_url(bank, question))
        messages.error(request, NOT_SAVED)
    return render(request, "learning/questions/new.html", {"bank": bank, "form": form})


@require_POST
@login_required
def question_retire_view(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    """Retires the question, or restores it when the form says `action=restore`."""
    bank = _get_bank_for_editor(request, slug)
    question = get_object_or_404(Question, bank=bank, pk=pk)
    action = request.POST.get("action", "retire")
    now = timezone.now()
    if action == "retire":
        question_retire(question=question, editor=request.user, now=now)
        messages.success(request, "Question retired: students no longer see it.")
    elif action == "restore":
        question_restore(question=question, editor=request.user, now=now)
        messages.success(request, "Question restored: students see it again.")
    else:
        return HttpResponseBadRequest(
            "action: must be retire or restore", content_type="text/plain; charset=utf-8"
        )
    return redirect(question_list_url(bank, question))


@require_POST
@login_required
def question_reserve_view(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    """Sends the question to the reserve (`action=demote`) or promotes it (`action=promote`)."""
    bank = _get_bank_for_editor(request, slug)
    question = get_object_or_404(Question, bank=bank, pk=pk)
    action = request.POST.get("action")
    if action not in PLACEMENTS:
        return HttpResponseBadRequest(
            "action: must be promote or demote", content_type="text/plain; charset=utf-8"
        )
    question_place(
        question=question, reserve=PLACEMENTS[action], editor=request.user, now=timezone.now()
    )
    if request.htmx:
        context = {"bank": bank, "question": question, "back_to": _back_to(request, bank)}
        return render(request, "learning/banks/detail.html#placed", context)
    messages.success(request, _placed_message(question))
    return redirect(_back_to(request, bank))


def _placed_message(question: Question) -> str:
    if question.in_reserve:
        return "Question sent to the reserve: students no longer see it."
    return "Question promoted: students see it now."


def _back_to(request: SignedInRequest, bank: Bank) -> str:
    """The bank page the form was on (its filters and page kept), never another site's."""
    target = request.POST.get("next", "")
    pages = (reverse("bank_detail", args=[bank.slug]), reverse("bank_reserve", args=[bank.slug]))
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if safe and target.split("?", 1)[0] in pages:
        return target
    return pages[0]


def _get_bank_for_editor(request: SignedInRequest, slug: str) -> Bank:
    """A bank this user may edit; anyone else's bank is a 404, as if it did not exist."""
    bank = get_object_or_404(Bank, slug=slug)
    if not can_edit_bank(request.user, bank):
        raise Http404("No such bank.")
    return bank


def _add_errors(form: QuestionForm, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)
