"""Accounts: mail sent outside the request, so a page's timing says nothing about an
address; and whether a new username would pass for someone else's."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm

from learning.usernames import username_looks


def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to every active account with this address; nothing if there is none."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


def username_lookalike_exists(*, username: str) -> bool:
    """Whether an existing account's name looks like `username` without being it exactly
    (an identical name is the unique check's to refuse).

    Every name is compared, because a skeleton cannot be looked up in the user table: one
    column read per sign-up, and the names' skeletons are cached (usernames.username_looks).
    """
    model = get_user_model()
    names = model._default_manager.values_list(model.USERNAME_FIELD, flat=True)
    looks = username_looks(username)
    return any(
        name.casefold() != username.casefold() and not looks.isdisjoint(username_looks(name))
        for name in names.iterator(chunk_size=2000)
    )
