"""Number formats of the instructor reports."""

from __future__ import annotations

from django import template

from learning import charts

register = template.Library()


@register.filter
def duration(milliseconds: int | None) -> str:
    return charts.format_duration(milliseconds)


@register.filter
def signed(value: float | None) -> str:
    """'+0.45', '−0.20' (a real minus sign), '0.00'; '—' when there is no value."""
    if value is None:
        return "—"
    text = f"{abs(value):.2f}"
    if text == "0.00":
        return text
    return ("+" if value > 0 else "\u2212") + text


@register.filter
def share(value: float | None) -> str:
    """A share from 0 to 1 as '0.45'; '—' when there is none."""
    return "—" if value is None else f"{value:.2f}"
