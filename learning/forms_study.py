"""The study session's POST bodies: shape only. Correctness is always recomputed by the view."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms

from learning.ingestion import CATEGORIES
from learning.scheduling import Rating

MAX_ANSWER_LENGTH = 2000
# Longer than this, the learner walked away: counting it would inflate "time studied".
MAX_DURATION_MS = 5 * 60 * 1000


def known_categories(values: Iterable[str]) -> list[str]:
    """The catalogue's categories among `values`, in catalogue order; stale names drop out."""
    wanted = set(values)
    return [name for name in CATEGORIES if name in wanted]


class CardForm(forms.Form):
    """What the reveal and grade forms both carry: the card, its token, the learner's answer."""

    question = forms.IntegerField(min_value=1)
    token = forms.CharField(max_length=500)
    given = forms.CharField(required=False, max_length=MAX_ANSWER_LENGTH, strip=False)
    choice = forms.CharField(required=False, max_length=MAX_ANSWER_LENGTH)
    # When the card was first shown (server epoch ms), for the review's duration without JS.
    shown_at = forms.IntegerField(required=False, min_value=0)


class GradeForm(CardForm):
    rating = forms.TypedChoiceField(
        choices=[(int(rating), rating.label) for rating in Rating], coerce=int
    )
    duration_ms = forms.IntegerField(required=False, min_value=0)


class UndoForm(forms.Form):
    review = forms.IntegerField(min_value=1)


def first_error(form: forms.Form) -> str:
    """One line naming the first bad field, for a 400 response body."""
    for name, errors in form.errors.items():
        return f"{name}: {errors[0]}"
    return "the form is invalid"
