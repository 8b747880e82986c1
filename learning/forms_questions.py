"""The question editor's form: turns text boxes into lists. Whether the content makes a sound
question (the answer among the options, a blank in a cloze prompt...) is the service's call."""

from __future__ import annotations

from typing import Any

from django import forms

from learning.models.bank import CATEGORY_CHOICES, TYPE_CHOICES
from learning.services.questions import QuestionContent

MAX_LINES = 50


class LinesField(forms.CharField):
    """One item per line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: str | None) -> list[str]:  # type: ignore[override]
        lines = [line.strip() for line in super().to_python(value).splitlines()]
        items = [line for line in lines if line]
        if len(items) > MAX_LINES:
            raise forms.ValidationError(f"At most {MAX_LINES} lines.")
        return items

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value


class PairsField(LinesField):
    """Matching pairs, one 'left = right' per line."""

    def to_python(self, value: str | None) -> list[list[str]]:  # type: ignore[override]
        pairs = []
        for number, line in enumerate(super().to_python(value), start=1):
            left, equals, right = (part.strip() for part in line.partition("="))
            if not (equals and left and right):
                raise forms.ValidationError(
                    f"Line {number} needs an item, an equals sign and its match, like "
                    "“Biopsy = plasma cells”."
                )
            pairs.append([left, right])
        return pairs

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(f"{left} = {right}" for left, right in value)
        return value


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label="Type", choices=TYPE_CHOICES)
    category = forms.ChoiceField(label="Category", choices=CATEGORY_CHOICES)
    prompt = forms.CharField(
        label="Question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For fill in the blank, put _____ (five underscores) where the answer goes.",
    )
    answer = forms.CharField(
        label="Answer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For multiple choice and true or false, exactly as one of the options. "
        "Matching questions may leave it empty.",
    )
    accepted_answers = LinesField(
        label="Also accepted",
        required=False,
        help_text="Other typed answers that count as right, one per line.",
    )
    choices = LinesField(
        label="Options",
        required=False,
        help_text="Multiple choice and true or false only: one option per line.",
    )
    pairs = PairsField(
        label="Pairs",
        required=False,
        help_text="Matching only: one pair per line, like “Biopsy = plasma cells”.",
    )
    source_quote = forms.CharField(
        label="Source sentence",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The sentence of the article this question tests; learners see it with the "
        "answer.",
    )
    section = forms.CharField(label="Section", required=False, max_length=300)

    def __init__(self, *args: Any, fixed_type: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An existing question keeps its type: attempts and reviews were graded by it.
        if fixed_type is not None:
            del self.fields["type"]
        self.fixed_type = fixed_type

    @classmethod
    def for_question(cls, content: QuestionContent, data: Any = None) -> QuestionForm:
        initial = {name: getattr(content, name) for name in cls.base_fields}
        return cls(data, initial=initial, fixed_type=content.type)

    def content(self) -> QuestionContent:
        data = self.cleaned_data
        return QuestionContent(
            category=data["category"],
            type=self.fixed_type or data["type"],
            prompt=data["prompt"],
            answer=data["answer"],
            source_quote=data["source_quote"],
            section=data["section"],
            accepted_answers=data["accepted_answers"],
            choices=data["choices"],
            pairs=data["pairs"],
        )
