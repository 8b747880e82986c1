"""Question banks: list, read with filters, publish. Uploads are in views/imports.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from learning.forms import QuestionFilterForm
from learning.ingestion import CATEGORIES
from learning.models import Bank, Question
from learning.models.bank import CATEGORY_CHOICES
from learning.roles import can_edit_bank, is_instructor


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(HtmxHttpRequest):
    """The request of a view behind login_required: its user is a real User."""

    user: User


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    label: str
    questions: list[Question]


@require_GET
@login_required
def bank_list(request: HtmxHttpRequest) -> HttpResponse:
    banks = Bank.objects.visible_to(request.user).with_question_counts()
    return render(
        request,
        "learning/banks/list.html",
        {"banks": banks, "can_upload": is_instructor(request.user)},
    )


@require_GET
@login_required
def bank_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    bank = get_bank_for_user(request, slug)
    # Editors review retired questions too, marked, so they can restore them.
    can_edit = can_edit_bank(request.user, bank)
    form, questions = _filtered_questions(bank, request.GET, include_retired=can_edit)
    retired_count = sum(1 for question in questions if question.is_retired)
    context = {
        "bank": bank,
        "form": form,
        "groups": _groups(questions),
        "question_count": len(questions) - retired_count,
        "retired_count": retired_count,
        "is_owner": bank.owner_id is not None and bank.owner_id == request.user.pk,
        "can_edit": can_edit,
    }
    template = "learning/banks/detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#questions"
    response = render(request, template, context)
    # The same URL serves a page or a fragment; caches and history must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@login_required
def bank_publish(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    bank = _get_bank_for_owner(request, slug)
    bank.is_published = request.POST.get("action") != "unpublish"
    bank.save(update_fields=["is_published", "updated_at"])
    state = "published" if bank.is_published else "unpublished and only visible to you"
    messages.success(request, f"{bank.title} is now {state}.")
    return redirect("bank_detail", slug=bank.slug)


def get_bank_for_user(request: HttpRequest, slug: str) -> Bank:
    """A bank the user may read; anyone else's draft is a 404, not a hint it exists."""
    return get_object_or_404(Bank.objects.visible_to(request.user), slug=slug)


def _get_bank_for_owner(request: HttpRequest, slug: str) -> Bank:
    return get_object_or_404(Bank.objects.owned_by(request.user), slug=slug)  # type: ignore[arg-type]


def _filtered_questions(
    bank: Bank, query: QueryDict, *, include_retired: bool = False
) -> tuple[QuestionFilterForm, list[Question]]:
    active = Question.objects.filter(bank=bank)
    if not include_retired:
        active = active.active()
    present = set(active.values_list("category", "type").distinct())
    form = QuestionFilterForm.from_query(
        query,
        categories={category for category, _ in present},
        types={type_ for _, type_ in present},
    )
    if category := form.cleaned_data["category"]:
        active = active.in_categories([category])
    if type_ := form.cleaned_data["type"]:
        active = active.of_types([type_])
    return form, list(active.order_by("position", "pk"))


def _groups(questions: list[Question]) -> list[CategoryGroup]:
    labels = dict(CATEGORY_CHOICES)
    by_category: dict[str, list[Question]] = {name: [] for name in CATEGORIES}
    for question in questions:
        by_category.setdefault(question.category, []).append(question)
    return [
        CategoryGroup(category=name, label=labels.get(name, name), questions=items)
        for name, items in by_category.items()
        if items
    ]
