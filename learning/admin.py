"""Admin for operators: find, inspect and correct banks and questions."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone

from learning.models import Bank, CardState, Question, ReviewLog, StudySettings
from learning.services.imports import CONTENT_FIELDS


@admin.register(Bank)
class BankAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "owner", "is_published", "question_count", "updated_at"]
    list_filter = ["is_published", "source_format", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["title", "slug", "source_filename", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = ["source_sha256", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Bank]:
        return super().get_queryset(request).with_question_counts()

    @admin.display(description="Active questions", ordering="question_count")
    def question_count(self, bank: Bank) -> int:
        return bank.question_count  # type: ignore[attr-defined]


class RetiredFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("active", "Active"), ("reserve", "In the reserve"), ("retired", "Retired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        if self.value() == "active":
            return queryset.active()
        if self.value() == "reserve":
            return queryset.not_retired().in_reserve()
        if self.value() == "retired":
            return queryset.filter(retired_at__isnull=False)
        return queryset


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "key",
        "bank",
        "category",
        "type",
        "short_prompt",
        "position",
        "quality",
        "in_reserve",
        "retired_at",
    ]
    list_filter = [
        RetiredFilter,
        "category",
        "type",
        ("edited_at", admin.EmptyFieldListFilter),
        "bank",
    ]
    search_fields = ["key", "prompt", "answer", "source_quote", "bank__slug"]
    list_select_related = ["bank"]
    raw_id_fields = ["bank", "edited_by", "reserve_chosen_by"]
    readonly_fields = [
        "key",
        "edited_at",
        "edited_by",
        "reserve_chosen_at",
        "reserve_chosen_by",
        "created_at",
        "updated_at",
    ]

    @admin.display(description="Prompt")
    def short_prompt(self, question: Question) -> str:
        return question.prompt if len(question.prompt) <= 80 else question.prompt[:79] + "…"

    def save_model(
        self, request: HttpRequest, obj: Question, form: ModelForm[Question], change: bool
    ) -> None:
        # A hand-corrected question must survive the next import of its article.
        if change and set(form.changed_data) & set(CONTENT_FIELDS):
            obj.edited_at = timezone.now()
            obj.edited_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(StudySettings)
class StudySettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "desired_retention", "new_per_day", "reviews_per_day", "time_zone"]
    search_fields = ["user__username"]


@admin.register(CardState)
class CardStateAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "phase", "due", "reps", "lapses"]
    list_filter = ["phase"]
    search_fields = ["user__username", "question__prompt"]
    raw_id_fields = ["user", "question"]


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "rating", "reviewed_at", "source", "phase_before"]
    list_filter = ["rating", "source", "phase_before"]
    search_fields = ["user__username", "question__prompt"]
    raw_id_fields = ["user", "question"]
    date_hierarchy = "reviewed_at"
