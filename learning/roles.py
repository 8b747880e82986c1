"""Who may do what, in one place. Instructors are the members of one named group."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

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
