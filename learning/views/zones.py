"""Dates on pages are shown, and typed into forms, in the signed-in user's own time zone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone

from learning.models import StudySettings


def zone_name(request: HttpRequest) -> str:
    return StudySettings.for_user(request.user).time_zone  # type: ignore[arg-type]


@contextmanager
def user_zone(request: HttpRequest) -> Iterator[str]:
    """Activates the user's zone for forms and templates inside the block; yields its name."""
    zone = zone_name(request)
    with timezone.override(ZoneInfo(zone)):
        yield zone
