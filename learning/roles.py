"""Who may do what, in one place. Instructors are the members of one named group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from learning.models import Bank

INSTRUCTORS_GROUP = "Instructors"


def is_instructor(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    # Cached on the user object: the nav and the view both ask within one request.
    cached: bool | None = getattr(user, "_is_instructor", None)
    if cached is None:
        cached = user.groups.filter(name=INSTRUCTORS_GROUP).exists()  # type: ignore[attr-defined]
        user._is_instructor = cached  # type: ignore[attr-defined]
    return cached


def can_edit_bank(user: AbstractBaseUser | AnonymousUser, bank: Bank) -> bool:
    """Instructors review their own banks and the site's (no owner); not other instructors'."""
    if not is_instructor(user):
        return False
    return bank.owner_id is None or bank.owner_id == user.pk  # type: ignore[attr-defined]
