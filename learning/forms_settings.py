"""The study settings form: parses what a learner types; the model's validators keep the rules."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from learning.models import StudySettings
from learning.models.reviews import known_zones
from learning.scheduling import MAX_RETENTION, MIN_RETENTION

MAX_STEP_MINUTES = 24 * 60 * 7


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(known_zones())]


class ZoneSelect(forms.Select):
    """A select of some 600 zones. Django renders each option through a template, which took
    16 ms a page; joining escaped strings gives the same markup in well under one."""

    def render(
        self,
        name: str,
        value: object,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        options = "".join(
            f'<option value="{escape(zone)}"{" selected" if zone == value else ""}>'
            f"{escape(label)}</option>"
            for zone, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # every part is escaped above
        )


class StepsField(forms.CharField):
    """Minutes as a learner types them, '1 10' or '1, 10', cleaned to [1, 10]."""

    def to_python(self, value: str | None) -> list[int]:  # type: ignore[override]
        text = super().to_python(value)
        parts = [part for part in re.split(r"[\s,;]+", text) if part]
        if not parts:
            return []  # empty: the field's "required" check says so
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise forms.ValidationError(
                "Use whole minutes separated by spaces or commas, e.g. 1 10."
            )
        steps = [int(part) for part in parts]
        if not all(0 < step <= MAX_STEP_MINUTES for step in steps):
            raise forms.ValidationError(
                f"Each step is between 1 and {MAX_STEP_MINUTES:,} minutes (a week)."
            )
        return steps

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return " ".join(str(step) for step in value)
        return value


class StudySettingsForm(forms.ModelForm):
    desired_retention = forms.FloatField(
        label="Desired retention",
        min_value=MIN_RETENTION,
        max_value=MAX_RETENTION,
        help_text=(
            f"The chance of remembering a card when it comes back, from {MIN_RETENTION:.2f} "
            f"to {MAX_RETENTION:.2f}. Higher means more reviews; 0.90 suits most learners."
        ),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    new_per_day = forms.IntegerField(
        label="New cards per day",
        min_value=0,
        max_value=9999,
        help_text="How many cards you have not seen before to introduce each day.",
    )
    reviews_per_day = forms.IntegerField(
        label="Reviews per day",
        min_value=0,
        max_value=99999,
        help_text="The most cards already learned to review each day.",
    )
    learning_steps = StepsField(
        label="Learning steps (minutes)",
        help_text="When a new card comes back before it graduates, e.g. 1 10.",
    )
    relearning_steps = StepsField(
        label="Relearning steps (minutes)",
        help_text="When a forgotten card comes back before it returns to review, e.g. 10.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        widget=ZoneSelect,
        help_text="Your study days and streak follow this time zone.",
    )
    day_starts_at = forms.IntegerField(
        label="New day starts at (hour)",
        min_value=0,
        max_value=23,
        help_text="0 to 23. With 4, a review at 2 a.m. still counts for the day before.",
    )

    class Meta:
        model = StudySettings
        fields = [
            "desired_retention",
            "new_per_day",
            "reviews_per_day",
            "learning_steps",
            "relearning_steps",
            "time_zone",
            "day_starts_at",
        ]
