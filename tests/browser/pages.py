"""Steps several browser journeys share. Test modules import this; they cannot import conftest."""

from __future__ import annotations

from playwright.sync_api import Page

PASSWORD = "correct-horse-battery-staple"  # every browser test's accounts use it


def log_in(page: Page, username: str, *, tap: bool = False) -> None:
    """Through the login form, by click or by tap (phone), until the page leaves it."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    button = page.get_by_role("button", name="Log in")
    button.tap() if tap else button.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
