"""The assignment form: input shape and the dates' order. Whether the bank holds enough
questions is the service's rule (learning/services/assignments.py), reported on this form.

Dates are typed in the instructor's own time zone: the view activates it around the form, and
Django's DateTimeField reads naive input in the active zone (and refuses a time that a clock
change skips or repeats), so what is stored is UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Q

from learning.models import Assignment, Bank
from learning.models.bank import CATEGORY_CHOICES, TYPE_LABELS, visible_banks
from learning.services.assignments import GRADABLE_TYPES

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
MAX_QUESTIONS = 200
MAX_ATTEMPTS = 20
MAX_MINUTES = 24 * 60 * 7


class BankChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Bank) -> str:  # type: ignore[override]
        count = getattr(obj, "question_count", None)
        return obj.title if count is None else f"{obj.title} ({count} questions)"


# Dates at the ends of the calendar overflow once moved between time zones; no class needs them.
YEARS = (2000, 2100)


def _sane_year(value: datetime) -> None:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValidationError(f"Choose a date between {YEARS[0]} and {YEARS[1]}.")


def _local_datetime(label: str, help_text: str) -> forms.DateTimeField:
    limits = {"min": f"{YEARS[0]}-01-01T00:00", "max": f"{YEARS[1]}-12-31T23:59"}
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        validators=[_sane_year],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", **limits}, format=LOCAL_INPUT),
    )


class AssignmentForm(forms.ModelForm):
    title = forms.CharField(label="Title", max_length=200)
    bank = BankChoiceField(
        label="Question bank",
        queryset=Bank.objects.none(),
        help_text=(
            "Published banks, your own and the site's. Students can study a published bank, "
            "answers included, even while this assignment is open; use an unpublished bank of "
            "your own to keep the answers back."
        ),
    )
    categories = forms.MultipleChoiceField(
        label="Categories",
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none for every category.",
    )
    question_types = forms.MultipleChoiceField(
        label="Question types",
        choices=[(name, TYPE_LABELS.get(name, name)) for name in GRADABLE_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Tick none for every type. Flashcards are never included: the server cannot grade them."
        ),
    )
    question_count = forms.IntegerField(
        label="Number of questions", min_value=1, max_value=MAX_QUESTIONS
    )
    draw = forms.ChoiceField(
        label="Which questions",
        choices=Assignment.DRAW_CHOICES,
        widget=forms.RadioSelect,
        help_text="Drawn per student: each student gets their own random set from the scope.",
    )
    opens_at = _local_datetime("Opens at", "Students can start from this moment.")
    due_at = _local_datetime("Due at", "No attempt can go on past this moment.")
    time_limit_minutes = forms.IntegerField(
        label="Time limit (minutes)",
        min_value=1,
        max_value=MAX_MINUTES,
        required=False,
        help_text="Leave empty for no limit beyond the due date.",
    )
    attempts_allowed = forms.IntegerField(
        label="Attempts allowed", min_value=1, max_value=MAX_ATTEMPTS
    )
    shuffle = forms.BooleanField(
        label="Shuffle questions and options",
        required=False,
        help_text="Each student sees their own order.",
    )
    show_answers = forms.ChoiceField(
        label="Show correct answers",
        choices=Assignment.SHOW_CHOICES,
        widget=forms.RadioSelect,
        help_text=(
            "Right after submitting: each further attempt asks questions the student has not "
            "had yet, as far as the bank's matching questions go (you are told when they run "
            "short)."
        ),
    )

    class Meta:
        model = Assignment
        fields = [
            "title",
            "bank",
            "categories",
            "question_types",
            "question_count",
            "draw",
            "opens_at",
            "due_at",
            "time_limit_minutes",
            "attempts_allowed",
            "shuffle",
            "show_answers",
        ]

    def __init__(
        self,
        *args: Any,
        user: AbstractBaseUser,
        zone: str,
        set_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "due_at"):
            self.fields[name].help_text += f" In your time zone, {zone}."
        # What the instructor may read, and the site's banks even while unpublished.
        banks = Bank.objects.filter(visible_banks(user) | Q(owner__isnull=True))
        self.fields["bank"].queryset = banks.with_question_counts().order_by("title", "slug")
        self.set_locked = set_locked
        if set_locked:
            # Disabled fields keep the saved value whatever is posted.
            for name in ("bank", "categories", "question_types", "question_count", "draw"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_at, due_at = data.get("opens_at"), data.get("due_at")
        if opens_at and due_at and due_at <= opens_at:
            self.add_error("due_at", "The due date must come after the opening time.")
        return data
