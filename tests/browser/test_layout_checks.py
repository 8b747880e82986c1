"""The shared phone check must catch a page wider than the screen. It once passed everything:
on an emulated phone the layout viewport widens to fit overflowing content."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PageCheck = Callable[["Page"], None]

# Built through the DOM (not inline markup or style attributes) so the site's CSP allows it.
ADD_WIDE_BOX = """(framed) => {
    const box = document.createElement('div');
    box.id = 'too-wide';
    box.style.width = '600px';
    box.style.height = '10px';
    let parent = document.querySelector('main');
    if (framed) {
        const frame = document.createElement('div');
        frame.style.overflowX = 'auto';
        parent.append(frame);
        parent = frame;
    }
    parent.append(box);
}"""


def test_the_phone_check_fails_naming_the_element_that_overflows(
    phone_page: Page, assert_no_horizontal_scroll: PageCheck
) -> None:
    phone_page.goto("/accounts/login/")
    assert_no_horizontal_scroll(phone_page)

    phone_page.evaluate(ADD_WIDE_BOX, False)
    with pytest.raises(pytest.fail.Exception, match=r"375px wide screen.*<div#too-wide>"):
        assert_no_horizontal_scroll(phone_page)


def test_the_phone_check_allows_a_wide_element_inside_its_own_scroll_frame(
    phone_page: Page, assert_no_horizontal_scroll: PageCheck
) -> None:
    phone_page.goto("/accounts/login/")
    phone_page.evaluate(ADD_WIDE_BOX, True)
    assert_no_horizontal_scroll(phone_page)
