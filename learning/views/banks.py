"""Question banks: list, read a page of questions with filters and search (and the reserve,
for editors), publish. Uploads are in views/imports.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from learning.forms import QuestionFilterForm
from learning.models import Bank, Question, QuestionQuerySet
from learning.models.bank import CATEGORY_CHOICES
from learning.roles import can_edit_bank, is_instructor


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(HtmxHttpRequest):
    """The request of a view behind login_required: its user is a real User."""

    user: User


PER_PAGE = 25
# `?answers=shown` opens every answer at once; without JavaScript it is the page's toggle.
ANSWERS_SHOWN = "shown"


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    label: str
    questions: list[Question]
    total: int  # on every page, not just this one


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
    """The bank's active questions, a page at a time; editors see retired ones too, marked, so
    they can restore them."""
    return _question_page(request, get_bank_for_user(request, slug), reserve=False)


@require_GET
@login_required
def bank_reserve(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The questions the generator (or an instructor) held back, for the bank's editors only."""
    bank = get_bank_for_user(request, slug)
    if not can_edit_bank(request.user, bank):
        raise Http404("No such bank.")
    return _question_page(request, bank, reserve=True)


@require_POST
@login_required
def bank_publish(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    bank = _get_bank_for_owner(request, slug)
    bank.is_published = request.POST.get("action") != "unpublish"
    bank.save(update_fields=["is_published", "updated_at"])
    state = "published" if bank.is_published else "unpublished and only visible to you"
    messages.success(request, f"{bank.title} is now {state}.")
    return redirect("bank_detail", slug=bank.slug)


def question_list_url(bank: Bank, question: Question) -> str:
    """An editor's way back to `question`: its tab, the page it is on there, its anchor."""
    scope = Question.objects.filter(bank=bank, in_reserve=question.in_reserve)
    page = scope.count_before(question) // PER_PAGE + 1
    url = reverse("bank_reserve" if question.in_reserve else "bank_detail", args=[bank.slug])
    return f"{url}{f'?page={page}' if page > 1 else ''}#question-{question.pk}"


def get_bank_for_user(request: HttpRequest, slug: str) -> Bank:
    """A bank the user may read; anyone else's draft is a 404, not a hint it exists."""
    return get_object_or_404(Bank.objects.visible_to(request.user), slug=slug)


def _get_bank_for_owner(request: HttpRequest, slug: str) -> Bank:
    return get_object_or_404(Bank.objects.owned_by(request.user), slug=slug)  # type: ignore[arg-type]


def _question_page(request: HtmxHttpRequest, bank: Bank, *, reserve: bool) -> HttpResponse:
    can_edit = can_edit_bank(request.user, bank)
    scope = Question.objects.filter(bank=bank, in_reserve=reserve)
    if not can_edit:
        scope = scope.active()
    form, questions = _filtered_questions(scope, request.GET)
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    counts = _category_counts(questions)
    retired_count = sum(retired for _, retired in counts.values())
    context = {
        "bank": bank,
        "form": form,
        "page_obj": page,
        "groups": _groups(page.object_list, counts),
        "question_count": page.paginator.count - retired_count,
        "retired_count": retired_count,
        "answers_shown": request.GET.get("answers") == ANSWERS_SHOWN,
        "showing_reserve": reserve,
        "page_url": reverse("bank_reserve" if reserve else "bank_detail", args=[bank.slug]),
        "back_to": request.get_full_path(),
        "tabs": _tab_counts(bank) if can_edit else None,
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


def _filtered_questions(
    scope: QuestionQuerySet, query: QueryDict
) -> tuple[QuestionFilterForm, QuestionQuerySet]:
    present = set(scope.order_by().values_list("category", "type").distinct())
    form = QuestionFilterForm.from_query(
        query,
        categories={category for category, _ in present},
        types={type_ for _, type_ in present},
    )
    if category := form.cleaned_data["category"]:
        scope = scope.in_categories([category])
    if type_ := form.cleaned_data["type"]:
        scope = scope.of_types([type_])
    if text := form.cleaned_data.get("q"):
        scope = scope.matching(text)
    return form, scope.in_page_order()


def _tab_counts(bank: Bank) -> dict[str, int]:
    return Question.objects.filter(bank=bank, retired_at__isnull=True).aggregate(
        active=Count("pk", filter=Q(in_reserve=False)),
        reserve=Count("pk", filter=Q(in_reserve=True)),
    )


def _category_counts(questions: QuestionQuerySet) -> dict[str, tuple[int, int]]:
    """Per category of all pages: how many questions match, and how many of those are retired."""
    rows = (
        questions.order_by()
        .values_list("category")
        .annotate(total=Count("pk"), retired=Count("pk", filter=Q(retired_at__isnull=False)))
    )
    return {category: (total, retired) for category, total, retired in rows}


def _groups(
    questions: Iterable[Question], counts: dict[str, tuple[int, int]]
) -> list[CategoryGroup]:
    labels = dict(CATEGORY_CHOICES)
    by_category: dict[str, list[Question]] = {}
    for question in questions:
        by_category.setdefault(question.category, []).append(question)
    return [
        CategoryGroup(
            category=name,
            label=labels.get(name, name),
            questions=items,
            total=counts.get(name, (len(items), 0))[0],
        )
        for name, items in by_category.items()
    ]
