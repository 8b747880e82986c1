"""A reader opens the POEMS bank, reveals an answer, filters, searches and turns the page; an
instructor promotes a question from the reserve. Desktop, phone and keyboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from learning.models import Bank, Question
from learning.roles import INSTRUCTORS_GROUP
from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "poems-syndrome.txt"
USERNAME = "reader"
INSTRUCTOR = "editor"
BANK_TITLE = "POEMS Syndrome"
SEARCH = "chemotherapy"
MAX_TABS = 60

PageCheck = Callable[["Page"], None]


@pytest.fixture
def seeded(transactional_db: None) -> None:
    user_model = get_user_model()
    user_model.objects.create_user(username=USERNAME, password=PASSWORD)
    editor = user_model.objects.create_user(username=INSTRUCTOR, password=PASSWORD)
    editor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    call_command("import_source", str(SEED))
    # The generator keeps its weaker items in the reserve; the journey promotes one of them.
    assert Question.objects.filter(in_reserve=True).exists()


def _active_count(**filters: str) -> int:
    return Question.objects.active().filter(**filters).count()


def _open_bank(page: Page) -> None:
    page.get_by_role("link", name=BANK_TITLE).click()
    page.wait_for_url(re.compile(r"/banks/[\w-]+/$"))
    page.get_by_label("Category").wait_for()


def _questions(page: Page) -> Locator:
    return page.locator("#questions")


def _heading(page: Page, name: str) -> Locator:
    return _questions(page).get_by_role("heading", name=name, exact=True)


def _expect_count(page: Page, total: int) -> None:
    # The live count outside the list announces the new total; the list holds one page of it.
    expect(page.locator("#questions-count")).to_have_text(f"{total} questions")
    expect(_questions(page).locator("li.question")).to_have_count(min(total, 25))


def _assert_unfiltered(page: Page) -> None:
    _expect_count(page, _active_count())
    expect(_heading(page, "Acronym")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Page 1 of \d+$"))).to_be_visible()


def _reveal_first_answer(page: Page, *, tap: bool = False) -> None:
    first = _questions(page).locator("li.question").first
    answer = first.locator(".answer")
    expect(answer).to_be_hidden()
    summary = first.locator("summary")
    summary.tap() if tap else summary.click()
    expect(answer).to_be_visible()
    expect(first.locator(".source blockquote")).to_be_visible()


def _filter_to_treatments(page: Page) -> None:
    page.get_by_label("Category").select_option("treatments")
    page.get_by_role("button", name="Filter").click()
    _assert_filtered_to_treatments(page)


def _assert_filtered_to_treatments(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"[?&]category=treatments\b"))
    # expect() retries, so these hold once the swap has landed, not just the pushed URL.
    expect(_heading(page, "Acronym")).to_have_count(0)
    expect(_heading(page, "Treatments")).to_be_visible()
    _expect_count(page, _active_count(category="treatments"))


def _search(page: Page) -> None:
    page.get_by_label("Category").select_option("")
    box = page.get_by_label("Search prompts and answers")
    box.fill(SEARCH)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]q={SEARCH}\b"))
    found = Question.objects.active().matching(SEARCH).count()
    assert 0 < found <= 25
    _expect_count(page, found)
    # What the search found says chemotherapy where the reader can see it, or in its answer.
    for item in _questions(page).locator("li.question").all():
        assert SEARCH in item.text_content().lower()


def _next_page(page: Page, *, tap: bool = False) -> None:
    link = page.get_by_role("link", name="Next page")
    link.tap() if tap else link.click()
    page.wait_for_url(re.compile(r"[?&]page=2\b"))
    expect(page.get_by_text(re.compile(r"^Page 2 of \d+$"))).to_be_visible()
    expect(page).to_have_title(re.compile(r"· Page 2 ·"))


def _show_all_answers(page: Page) -> None:
    page.get_by_role("link", name="Show all answers").click()
    page.wait_for_url(re.compile(r"[?&]answers=shown\b"))
    items = _questions(page).locator("li.question")
    expect(items.locator(".answer").first).to_be_visible()
    expect(items.locator("details:not([open])")).to_have_count(0)


def _mark_document(page: Page) -> None:
    page.evaluate("() => { window.__sameDocument = true; }")


def _assert_same_document(page: Page) -> None:
    # htmx swapped #questions in place; a full page load would have dropped the marker.
    assert page.evaluate("() => window.__sameDocument === true"), "filtering reloaded the page"


def _journey(page: Page, *, check: PageCheck, tap: bool = False) -> None:
    page.goto("/accounts/login/")
    check(page)
    log_in(page, USERNAME, tap=tap)
    check(page)
    _open_bank(page)
    _assert_unfiltered(page)
    check(page)

    _reveal_first_answer(page, tap=tap)
    check(page)

    _mark_document(page)
    _filter_to_treatments(page)
    _assert_same_document(page)
    check(page)

    _search(page)
    _assert_same_document(page)
    check(page)

    page.goto(page.url.split("?", 1)[0])
    _next_page(page, tap=tap)
    check(page)
    _show_all_answers(page)
    expect(page).to_have_url(re.compile(r"[?&]page=2\b"))
    check(page)


def test_a_reader_browses_the_poems_bank_on_desktop(
    desktop_page: Page, seeded: None, assert_accessible: PageCheck
) -> None:
    _journey(desktop_page, check=assert_accessible)


@pytest.fixture
def phone_check(
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
    assert_tap_targets: PageCheck,
) -> PageCheck:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
        if "/banks/" in page.url:  # the pages these journeys are about
            assert_tap_targets(page)

    return check


def test_a_reader_browses_the_poems_bank_on_a_phone(
    phone_page: Page, seeded: None, phone_check: PageCheck
) -> None:
    _journey(phone_page, check=phone_check, tap=True)


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


def test_a_keyboard_user_filters_the_bank_and_reveals_an_answer(
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

    first = _questions(page).locator("li.question").first
    _tab_to(page, first.locator("summary"))
    page.keyboard.press("Enter")
    expect(first.locator(".answer")).to_be_visible()
    page.keyboard.press("Space")
    expect(first.locator(".answer")).to_be_hidden()
    assert_accessible(page)


def _promote_first_held_back(page: Page, *, check: PageCheck, tap: bool = False) -> None:
    log_in(page, INSTRUCTOR, tap=tap)
    _open_bank(page)
    held_back = Question.objects.filter(in_reserve=True).count()
    reserve_tab = page.get_by_role("link", name=f"Reserve ({held_back})")
    reserve_tab.tap() if tap else reserve_tab.click()
    page.wait_for_url(re.compile(r"/reserve/$"))
    expect(page.locator("#questions-count")).to_have_text(f"{held_back} questions in the reserve")
    first = _questions(page).locator("li.question").first
    expect(first.get_by_text(re.compile(r"Quality: \d\.\d\d"))).to_be_visible()
    expect(first.get_by_text(re.compile(r"reserve: "))).to_be_visible()
    check(page)
    prompt = first.locator(".prompt").text_content() or ""

    _mark_document(page)
    promote = first.get_by_role("button", name=re.compile(r"^Promote"))
    promote.tap() if tap else promote.click()

    placed = _questions(page).locator("li.question-placed")
    expect(placed).to_contain_text("is now active: students see it.")
    expect(page.locator("#questions-note")).to_have_text("Question promoted.")
    # Focus lands on the way back, so a keyboard user is not left at the top of the page.
    expect(placed.get_by_role("button", name=re.compile(r"^Undo"))).to_be_focused()
    _assert_same_document(page)
    check(page)
    promoted = Question.objects.get(bank=Bank.objects.get(), prompt=prompt)
    assert (promoted.in_reserve, promoted.reserve_choice) == (False, False)

    page.get_by_role("link", name=re.compile(r"^Active questions")).click()
    page.wait_for_url(re.compile(r"/banks/[\w-]+/$"))
    expect(page.get_by_role("link", name=f"Reserve ({held_back - 1})")).to_be_visible()
    check(page)


def test_an_instructor_promotes_a_question_from_the_reserve(
    desktop_page: Page, seeded: None, assert_accessible: PageCheck
) -> None:
    _promote_first_held_back(desktop_page, check=assert_accessible)


def test_an_instructor_promotes_a_question_from_the_reserve_on_a_phone(
    phone_page: Page, seeded: None, phone_check: PageCheck
) -> None:
    _promote_first_held_back(phone_page, check=phone_check, tap=True)
