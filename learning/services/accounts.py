"""Account mail sent outside the request, so a page's timing says nothing about an address."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm


def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to every active account with this address; nothing if there is none."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
