"""A new learner signs up and studies ten POEMS cards: by keyboard alone on a desktop, by taps
alone on a phone. One grade is undone and given again; progress then shows ten reviews."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from learning.models import Bank, Question, ReviewLog, StudySettings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "poems-syndrome.txt"
PASSWORD = "correct-horse-battery-staple"
CARDS = 10
# Each journey handles any card type; between them, the first ten cards of these selections hold
# all six (desktop: flashcard, typed, cloze, matching, mcq; phone: flashcard, typed, mcq,
# true_false), so a change to the generator only shuffles which type is met where.
DESKTOP_CATEGORIES = ("epidemiology", "tests")
PHONE_CATEGORIES = ("acronym", "synonyms", "epidemiology")
# No "Again": its one-minute step could bring a card back while the test still runs.
RATINGS = ["3", "4", "2", "3", "3", "4", "3", "2", "3", "3"]

PageCheck = Callable[["Page"], None]


@pytest.fixture
def seeded(transactional_db: None) -> Bank:
    call_command("import_source", str(SEED))
    return Bank.objects.get(source_filename__endswith="poems-syndrome.txt")


def _study_url(bank: Bank, categories: tuple[str, ...]) -> str:
    return f"/study/{bank.slug}/?" + "&".join(f"category={name}" for name in categories)


def _sign_up(page: Page, username: str, *, tap: bool) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    if tap:
        page.get_by_role("button", name="Create account").tap()
    else:
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/signup/" not in url)
    # Ten new cards a day, so the session ends with "nothing due" right after the tenth.
    user = get_user_model().objects.get(username=username)
    StudySettings.objects.update_or_create(user=user, defaults={"new_per_day": CARDS})


def _card(page: Page) -> Locator:
    return page.locator("#study-card")


def _wait_for_prompt(page: Page) -> str:
    expect(_card(page)).to_have_attribute("data-state", "prompt")
    return _card(page).get_attribute("data-type") or ""


def _reveal_by_keyboard(page: Page) -> None:
    kind = _wait_for_prompt(page)
    if kind in ("typed", "cloze"):
        expect(page.locator("#study-given")).to_be_focused()
        page.keyboard.type("something")
        page.keyboard.press("Enter")  # a text box submits the normal way
    elif kind == "mcq":
        page.keyboard.press("a")
        expect(_card(page).locator('input[data-key="a"]')).to_be_checked()
        page.keyboard.press("Enter")
    elif kind == "true_false":
        page.keyboard.press("t")
        expect(_card(page).locator('input[data-key="t"]')).to_be_checked()
        page.keyboard.press("Space")
    else:
        page.keyboard.press("Space")
    expect(_card(page)).to_have_attribute("data-state", "revealed")


def _reveal_by_tap(page: Page) -> None:
    kind = _wait_for_prompt(page)
    card = _card(page)
    if kind in ("typed", "cloze"):
        answer = page.get_by_label("Your answer")
        answer.tap()
        answer.fill("something")  # what the on-screen keyboard would type
        card.get_by_role("button", name="Check").tap()
    elif kind in ("mcq", "true_false"):
        card.locator(".study-option label").first.tap()
        card.get_by_role("button", name="Check").tap()
    else:
        card.get_by_role("button", name="Show answer").tap()
    expect(card).to_have_attribute("data-state", "revealed")


def _assert_grade_buttons(page: Page) -> None:
    buttons = _card(page).locator(".grade-buttons button")
    expect(buttons).to_have_count(4)
    for index, name in enumerate(["Again", "Hard", "Good", "Easy"]):
        expect(buttons.nth(index)).to_have_text(
            re.compile(rf"^{name} · (<1m|\d+(\.\d)?(m|h|d|mo|y))")
        )


def _assert_done(page: Page) -> None:
    expect(_card(page)).to_have_attribute("data-state", "done")
    expect(_card(page)).to_contain_text(re.compile(r"Nothing due\. Next card due in \d+"))


def _assert_progress_shows(page: Page, reviews: int) -> None:
    page.goto("/progress/")
    expect(page.locator("#total-reviews")).to_have_text(str(reviews))
    assert ReviewLog.objects.count() == reviews


def _grade_by_keyboard(page: Page, rating: str) -> None:
    shown = _card(page).get_attribute("data-question")
    page.keyboard.press(rating)
    expect(_card(page)).not_to_have_attribute("data-state", "revealed")
    expect(_card(page)).not_to_have_attribute("data-question", shown or "")


def test_a_learner_studies_ten_cards_with_the_keyboard_alone(
    desktop_page: Page, seeded: Bank, assert_accessible: PageCheck
) -> None:
    page = desktop_page
    _sign_up(page, "keyboard-learner", tap=False)
    page.goto(_study_url(seeded, DESKTOP_CATEGORIES))
    expect(page.get_by_text("Keys: Space show · 1–4 grade · U undo")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="New 10")).to_have_text(
        "New 10 · Learning 0 · Due 0"
    )
    _wait_for_prompt(page)
    assert_accessible(page)

    graded: list[str] = []
    for number, rating in enumerate(RATINGS, start=1):
        _reveal_by_keyboard(page)
        if number == 1:
            _assert_grade_buttons(page)
            assert_accessible(page)
        graded.append(_card(page).get_attribute("data-question") or "")
        _grade_by_keyboard(page, rating)
        expect(page.locator("#study-counts")).to_contain_text(f"New {CARDS - number} ")

    _assert_done(page)
    assert_accessible(page)
    assert ReviewLog.objects.count() == CARDS

    page.keyboard.press("u")
    expect(_card(page)).to_have_attribute("data-question", graded[-1])
    expect(_card(page)).to_contain_text("Grade undone. Here is that card again.")
    expect(page.locator("#study-counts")).to_contain_text("New 1 ")
    assert ReviewLog.objects.count() == CARDS - 1
    _reveal_by_keyboard(page)
    page.keyboard.press("3")
    _assert_done(page)

    _assert_progress_shows(page, CARDS)


def test_a_learner_studies_ten_cards_on_a_phone_with_taps_alone(
    phone_page: Page,
    seeded: Bank,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    page = phone_page
    _sign_up(page, "phone-learner", tap=True)
    page.goto(_study_url(seeded, PHONE_CATEGORIES))
    _wait_for_prompt(page)
    check(page)

    graded: list[str] = []
    for number, rating in enumerate(RATINGS, start=1):
        _reveal_by_tap(page)
        assert_no_horizontal_scroll(page)
        if number == 1:
            _assert_grade_buttons(page)
            _assert_thumb_friendly(page)
            check(page)
        graded.append(_card(page).get_attribute("data-question") or "")
        _card(page).locator(f'[data-rating="{rating}"]').tap()
        expect(_card(page)).not_to_have_attribute("data-question", graded[-1])
        expect(page.locator("#study-counts")).to_contain_text(f"New {CARDS - number} ")
        assert_no_horizontal_scroll(page)

    _assert_done(page)
    check(page)

    _card(page).get_by_role("button", name="Undo last grade").tap()
    expect(_card(page)).to_have_attribute("data-question", graded[-1])
    _reveal_by_tap(page)
    _card(page).locator('[data-rating="3"]').tap()
    _assert_done(page)

    _assert_progress_shows(page, CARDS)
    assert_no_horizontal_scroll(page)


def _assert_thumb_friendly(page: Page) -> None:
    """Grade buttons at least 44 px tall, two to a row, below the answer and its source."""
    boxes = [
        box
        for box in (b.bounding_box() for b in _card(page).locator(".grade-buttons button").all())
        if box is not None
    ]
    assert len(boxes) == 4
    assert all(box["height"] >= 44 for box in boxes), boxes
    assert len({round(box["y"]) for box in boxes}) == 2, "expected a 2×2 grid on a phone"
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 375 for box in boxes), boxes
    source = _card(page).locator("figure.source").bounding_box()
    assert source is not None
    assert min(box["y"] for box in boxes) > source["y"] + source["height"]


@pytest.fixture
def three_card_bank(transactional_db: None) -> Bank:
    bank = Bank.objects.create(slug="keys", title="Keys", is_published=True)
    common = {"bank": bank, "category": "acronym", "source_quote": "A sentence."}
    Question.objects.bulk_create(
        [
            Question(
                key="typed",
                type="typed",
                prompt="Which nerve disorder does P stand for?",
                answer="Polyneuropathy",
                accepted_answers=["polyneuropathy"],
                position=0,
                **common,
            ),
            Question(
                key="mcq",
                type="mcq",
                prompt="Which is another name for POEMS?",
                answer="Crow-Fukase syndrome",
                choices=["Lupus", "Crow-Fukase syndrome", "Gout", "Asthma"],
                position=1,
                **common,
            ),
            Question(
                key="tf",
                type="true_false",
                prompt="POEMS is also called Takatsuki syndrome.",
                answer="True",
                choices=["True", "False"],
                position=2,
                **common,
            ),
        ]
    )
    return bank


def test_study_keys_wait_while_typing_pick_options_and_undo(
    desktop_page: Page, three_card_bank: Bank
) -> None:
    page = desktop_page
    _sign_up(page, "key-tester", tap=False)
    page.goto(f"/study/{three_card_bank.slug}/")
    card = _card(page)

    assert _wait_for_prompt(page) == "typed"
    page.keyboard.type("u 1 a polyneuropaty")  # study keys are letters in a text box
    expect(page.get_by_label("Your answer")).to_have_value("u 1 a polyneuropaty")
    expect(card).to_have_attribute("data-state", "prompt")
    page.keyboard.press("Escape")
    expect(page.locator("#study-prompt")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your answer")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("polyneuropaty")
    page.keyboard.press("Enter")
    expect(card).to_contain_text("Close (typo)")
    expect(card.locator('[data-rating="2"]')).to_be_focused()  # the suggested grade, Hard
    page.keyboard.press("2")

    assert _wait_for_prompt(page) == "mcq"
    page.keyboard.press("b")
    expect(card.locator('input[data-key="b"]')).to_be_checked()
    page.keyboard.press("Space")  # on the picked option, Space checks it
    expect(card).to_contain_text("Correct")
    page.keyboard.press("4")

    assert _wait_for_prompt(page) == "true_false"
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(card).to_contain_text("Wrong")
    page.keyboard.press("u")  # takes back the multiple-choice grade, not this unrated card
    expect(card).to_have_attribute("data-type", "mcq")
    expect(card).to_contain_text("Grade undone.")
    assert list(ReviewLog.objects.values_list("question__key", "rating")) == [("typed", 2)]


def test_without_javascript_the_session_runs_on_plain_forms(
    browser: Browser, live_server: LiveServer, three_card_bank: Bank
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _sign_up(page, "no-script", tap=False)
        page.goto(f"/study/{three_card_bank.slug}/")
        page.get_by_label("Your answer").fill("Polyneuropathy")
        page.get_by_role("button", name="Check").click()
        expect(page.locator("#study-card")).to_contain_text("Correct")
        page.get_by_role("button", name=re.compile(r"^Good · ")).click()

        expect(page).to_have_url(re.compile(rf"/study/{three_card_bank.slug}/$"))
        expect(page.locator("#study-counts")).to_have_text("New 2 · Learning 0 · Due 0")
        expect(page.locator("#study-card")).to_have_attribute("data-type", "mcq")
        page.get_by_role("button", name="Undo last grade").click()
        expect(page.locator("#study-card")).to_have_attribute("data-type", "typed")
        assert not ReviewLog.objects.exists()
    finally:
        context.close()
