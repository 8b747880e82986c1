"""Template access to roles, for showing links only; views enforce access themselves."""

from __future__ import annotations

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from learning import roles

register = template.Library()


@register.filter
def is_instructor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return roles.is_instructor(user)
