"""The Content Security Policy in Chromium: htmx swaps cards under it; injected inline code is
refused. (Every other browser journey also fails on any CSP violation: see conftest.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from learning.models import Bank, Question

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

USERNAME = "csp-learner"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def bank(transactional_db: None) -> Bank:
    get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    bank = Bank.objects.create(slug="poems", title="POEMS Syndrome", is_published=True)
    Question.objects.bulk_create(
        Question(
            bank=bank,
            key=f"q-{n}",
            category="symptoms",
            type="flashcard",
            prompt=f"Prompt {n}?",
            answer=f"Answer {n}",
            source_quote=f"Sentence {n}.",
            position=n,
        )
        for n in range(3)
    )
    return bank


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    # Not desktop_page: this test provokes violations on purpose, which that fixture rejects.
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _log_in(page: Page) -> None:
    response = page.goto("/accounts/login/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_htmx_swaps_the_study_card_under_the_policy(page: Page, bank: Bank) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page)
    page.goto(f"/study/{bank.slug}/")
    assert page.evaluate("() => typeof window.htmx") == "object"
    page.evaluate(
        "() => document.body.addEventListener('htmx:afterSwap', () => { window.swaps = 1 })"
    )

    page.get_by_role("button", name="Show answer").click()

    page.wait_for_function("() => window.swaps === 1")
    expect(page.locator("#study-card")).to_have_attribute("data-state", "revealed")
    assert violations == []


def test_an_injected_inline_script_is_refused(page: Page, bank: Bank) -> None:
    _log_in(page)

    refused = page.evaluate(
        """() => new Promise(resolve => {
             document.addEventListener('securitypolicyviolation',
               event => resolve(event.violatedDirective));
             const script = document.createElement('script');
             script.textContent = 'window.injected = true';
             document.head.append(script);
           })"""
    )

    assert refused.startswith("script-src")
    assert page.evaluate("() => window.injected") is None
