"""A reader logs in, opens the POEMS bank and filters it to treatments: desktop, phone, keyboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "poems-syndrome.txt"
USERNAME = "reader"
BANK_TITLE = "POEMS Syndrome"
TREATMENT_TEXT = re.compile(r"Chemotherapy|Radiation therapy")
OTHER_CATEGORY_TEXT = "Electromyogram"
MAX_TABS = 60

PageCheck = Callable[["Page"], None]


@pytest.fixture
def seeded(transactional_db: None) -> None:
    get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    call_command("import_source", str(SEED))


def _open_bank(page: Page) -> None:
    page.get_by_role("link", name=BANK_TITLE).click()
    page.wait_for_url(re.compile(r"/banks/[\w-]+/$"))
    page.get_by_label("Category").wait_for()


def _questions(page: Page) -> Locator:
    return page.locator("#questions")


def _heading(page: Page, name: str) -> Locator:
    return _questions(page).get_by_role("heading", name=name, exact=True)


def _assert_unfiltered(page: Page) -> None:
    # Without this the "nothing from other categories" checks below could pass vacuously.
    expect(_questions(page).get_by_text(OTHER_CATEGORY_TEXT).first).to_be_visible()
    expect(_heading(page, "Symptoms").first).to_be_visible()


def _assert_filtered_to_treatments(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"[?&]category=treatments\b"))
    questions = _questions(page)
    # expect() retries, so these hold once the swap has landed, not just the pushed URL.
    expect(questions.get_by_text(OTHER_CATEGORY_TEXT)).to_have_count(0)
    expect(_heading(page, "Symptoms")).to_have_count(0)
    expect(questions.get_by_text(TREATMENT_TEXT).first).to_be_visible()
    # The live count outside the list announces the new total.
    shown = questions.locator("li.question").count()
    expect(page.locator("#questions-count")).to_have_text(f"{shown} questions")


def _mark_document(page: Page) -> None:
    page.evaluate("() => { window.__sameDocument = true; }")


def _assert_same_document(page: Page) -> None:
    # htmx swapped #questions in place; a full page load would have dropped the marker.
    assert page.evaluate("() => window.__sameDocument === true"), "filtering reloaded the page"


def _journey(page: Page, *, check: PageCheck) -> None:
    page.goto("/accounts/login/")
    check(page)
    log_in(page, USERNAME)
    check(page)
    _open_bank(page)
    _assert_unfiltered(page)
    check(page)

    _mark_document(page)
    page.get_by_label("Category").select_option("treatments")
    page.get_by_role("button", name="Filter").click()
    _assert_filtered_to_treatments(page)
    _assert_same_document(page)
    check(page)


def test_a_reader_filters_the_poems_bank_to_treatments_on_desktop(
    desktop_page: Page, seeded: None, assert_accessible: PageCheck
) -> None:
    _journey(desktop_page, check=assert_accessible)


def test_a_reader_filters_the_poems_bank_to_treatments_on_a_phone(
    phone_page: Page,
    seeded: None,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    _journey(phone_page, check=check)


def _tab_to(page: Page, target: Locator) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{MAX_TABS} presses of Tab never reached {target}")


def _choose_with_arrows(page: Page, select: Locator, value: str) -> None:
    options = select.locator("option").count()
    for _ in range(options):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value, f"ArrowDown never reached the option {value!r}"


def test_a_keyboard_user_filters_the_poems_bank_to_treatments(
    desktop_page: Page, seeded: None, assert_accessible: PageCheck
) -> None:
    page = desktop_page
    log_in(page, USERNAME)
    _open_bank(page)
    _assert_unfiltered(page)
    _mark_document(page)

    category = page.get_by_label("Category")
    _tab_to(page, category)
    _choose_with_arrows(page, category, "treatments")
    _tab_to(page, page.get_by_role("button", name="Filter"))
    page.keyboard.press("Enter")

    _assert_filtered_to_treatments(page)
    _assert_same_document(page)
    assert_accessible(page)
