"""Sign-up refusing a look-alike username, in Chromium: the reason is next to the field, the
page passes axe-core on a desktop and a 375 px phone, and the keyboard alone gets there."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.pages import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PageCheck = Callable[["Page"], None]


@pytest.mark.parametrize("device", ["desktop_page", "phone_page"])
def test_a_look_alike_username_is_refused_with_the_reason_beside_the_field(
    device: str,
    transactional_db: None,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
    request: pytest.FixtureRequest,
) -> None:
    page: Page = request.getfixturevalue(device)
    User.objects.create_user("sam", password=PASSWORD)
    page.goto("/accounts/signup/")

    page.get_by_label("Username").fill("ѕаm")  # Cyrillic dze and a
    page.get_by_label(re.compile(r"^Password:?$")).fill("pa55-word-long!")
    page.get_by_label("Password confirmation").fill("pa55-word-long!")
    page.get_by_label("Password confirmation").press("Enter")

    expect(page.get_by_text("looks too much like one already taken")).to_be_visible()
    assert page.url.endswith("/accounts/signup/")
    assert list(User.objects.values_list("username", flat=True)) == ["sam"]
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
