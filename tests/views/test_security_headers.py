"""Every page carries the security headers, for anonymous and logged-in users alike.

The pages are every named URL that takes no argument (found by walking the URLconf, so new
pages are covered as they are added) plus representative ones that take arguments.
HSTS is only sent over HTTPS, with the production settings (see tests/test_settings.py for
those settings themselves).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from learning.models import Bank

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", "instructor", "superuser"]


def _names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def _urls_without_arguments() -> list[str]:
    urls = set()
    for name in _names(get_resolver().url_patterns):
        try:
            urls.add(reverse(name))
        except NoReverseMatch:
            continue
    return sorted(urls)


def _urls_with_arguments(bank: Bank) -> list[str]:
    return [
        reverse("bank_detail", args=[bank.slug]),
        reverse("study_session", args=[bank.slug]),
        reverse("password_reset_confirm", args=["MQ", "not-a-token"]),
        reverse("admin:learning_bank_change", args=[bank.pk]),
    ]


@pytest.fixture
def client_as(client: Client, student: User, instructor: User) -> Callable[[str], Client]:
    def _client_as(role: str) -> Client:
        users = {
            "student": student,
            "instructor": instructor,
            "superuser": User.objects.create_superuser("root", "root@example.org", "pw"),
        }
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return _client_as


def _assert_security_headers(url: str, response: HttpResponse) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, url
    assert "script-src 'self'" in policy, url
    # Pages that load htmx give its script tag this response's nonce.
    for nonce in re.findall(r'<script src="[^"]*htmx[^"]*" defer nonce="([^"]+)"', _html(response)):
        assert f"'nonce-{nonce}'" in policy, url
    assert "frame-ancestors 'none'" in policy, url
    assert "object-src 'none'" in policy, url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") == "same-origin", url
    assert headers.get("X-Frame-Options") == "DENY", url
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", url


def _html(response: HttpResponse) -> str:
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode()


def test_the_walk_finds_the_pages_we_know(make_bank: Callable[..., Bank]) -> None:
    urls = _urls_without_arguments()

    for name in ("bank_list", "login", "signup", "password_reset", "study_home", "progress"):
        assert reverse(name) in urls
    assert reverse("admin:index") in urls


def test_pages_that_load_htmx_give_it_the_nonce(client: Client) -> None:
    response = client.get(reverse("login"))

    assert re.search(r'<script src="[^"]*htmx[^"]*" defer nonce="', _html(response))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_carries_the_security_headers(
    client_as: Callable[[str], Client], make_bank: Callable[..., Bank], role: str
) -> None:
    client = client_as(role)
    bank = make_bank()

    for url in _urls_without_arguments() + _urls_with_arguments(bank):
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_security_headers(url, response)
        assert "Strict-Transport-Security" not in response.headers, url


@pytest.mark.parametrize("role", ["anonymous", "student"])
def test_every_page_carries_hsts_over_https_with_production_settings(
    client_as: Callable[[str], Client], make_bank: Callable[..., Bank], role: str, settings: Any
) -> None:
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = True
    client = client_as(role)
    bank = make_bank()

    for url in _urls_without_arguments() + _urls_with_arguments(bank):
        response = client.get(url, secure=True)
        _assert_security_headers(url, response)
        assert response.headers.get("Strict-Transport-Security") == (
            "max-age=31536000; includeSubDomains; preload"
        ), url
        # Plain HTTP is only ever a redirect to HTTPS.
        insecure = client.get(url)
        assert insecure.status_code == 301, url
        assert insecure["Location"].startswith("https://"), url
