"""The progress and study settings pages in Chromium: accessible, and no sideways scroll."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from learning.models import Bank, CardState, Question, ReviewLog
from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

USERNAME = "progress-reader"
CATEGORIES = ["acronym", "symptoms", "tests", "treatments", "prognosis"]
PageCheck = Callable[["Page"], None]


@pytest.fixture
def studied(transactional_db: None) -> None:
    """A learner with a year of reviews and cards due over the coming weeks."""
    user = get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    bank = Bank.objects.create(slug="poems", title="POEMS Syndrome", is_published=True)
    questions = Question.objects.bulk_create(
        Question(
            bank=bank,
            key=f"q-{n}",
            category=CATEGORIES[n % len(CATEGORIES)],
            type="flashcard",
            prompt=f"Prompt {n}?",
            answer=f"Answer {n}",
            source_quote=f"Sentence {n}.",
            position=n,
        )
        for n in range(60)
    )
    now = timezone.now()
    CardState.objects.bulk_create(
        CardState(
            user=user,
            question=question,
            phase="review",
            stability=1.0 + n % 20,
            difficulty=5.0,
            due=now + timedelta(days=n % 35 - 3),
            last_review=now - timedelta(days=n % 9),
            reps=1,
        )
        for n, question in enumerate(questions[:45])
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            question=questions[n % 45],
            rating=1 + n % 4,
            reviewed_at=now - timedelta(days=(n * 7) % 360, minutes=n),
            duration_ms=9000,
            reps=n + 1,
            phase_before="review",
            phase_after="review",
            due_after=now,
        )
        for n in range(300)
    )


def _visit_both_pages(page: Page, check: PageCheck) -> None:
    log_in(page, USERNAME)
    page.get_by_role("link", name="Progress").click()
    expect(page.locator("#total-reviews")).to_have_text("300")
    expect(page.get_by_role("img", name="Study calendar")).to_be_visible()
    check(page)
    # The tables behind the charts, opened.
    page.get_by_text("Study days by month (table)").click()
    page.get_by_text("Cards due per day (table)").click()
    expect(page.get_by_role("rowheader", name="Today")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Study settings").click()
    expect(page.get_by_label("Desired retention")).to_have_value("0.9")
    check(page)
    page.get_by_label("Desired retention").fill("0.5")
    page.get_by_label("Learning steps (minutes):", exact=True).fill("1 ten")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    check(page)
    page.get_by_label("Desired retention").fill("0.85")
    page.get_by_label("Learning steps (minutes):", exact=True).fill("2, 15")
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Study settings saved.")).to_be_visible()
    expect(page.get_by_label("Learning steps (minutes):", exact=True)).to_have_value("2 15")
    check(page)


def test_progress_and_settings_pass_axe_on_desktop(
    desktop_page: Page,
    studied: None,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    _visit_both_pages(desktop_page, check)


def test_progress_and_settings_fit_a_phone(
    phone_page: Page,
    studied: None,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
    assert_tap_targets: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
        assert_tap_targets(page)

    _visit_both_pages(phone_page, check)
