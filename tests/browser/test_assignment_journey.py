"""An instructor sets a timed quiz on a desktop, through the assignment form; a student joins the
class with its code on a 375×667 phone, takes the quiz by taps alone, submits and sees the score.
Every page passes axe-core, and no phone page scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from learning.models import Assignment, Attempt, Classroom, ReviewLog
from learning.roles import INSTRUCTORS_GROUP

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "poems-syndrome.txt"
PASSWORD = "correct-horse-battery-staple"
CLASS_NAME = "Haematology 101"
QUIZ = "Week 1: POEMS quiz"
QUESTIONS = 3

PageCheck = Callable[["Page"], None]


@pytest.fixture
def classroom(transactional_db: None) -> Classroom:
    instructor = User.objects.create_user(username="ines", password=PASSWORD)
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    User.objects.create_user(username="sam", password=PASSWORD)
    call_command("import_source", str(SEED))
    return Classroom.objects.create(name=CLASS_NAME, instructor=instructor)


def _log_in(page: Page, username: str, *, tap: bool = False) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    button = page.get_by_role("button", name="Log in")
    button.tap() if tap else button.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _set_quiz(page: Page, classroom: Classroom, check: PageCheck) -> Assignment:
    """On a desktop, through the form: three tap-only questions, 20 minutes, answers at once."""
    page.goto(f"/classes/{classroom.pk}/")
    page.get_by_role("link", name="New assignment").click()
    expect(page.get_by_role("heading", name="New assignment")).to_be_visible()
    expect(page.get_by_text("Dates and times are in your time zone")).to_be_visible()
    check(page)
    page.get_by_label("Title").fill(QUIZ)
    page.get_by_label("Question bank").select_option(label="POEMS Syndrome (200 questions)")
    page.get_by_label("Multiple choice").check()
    page.get_by_label("True or false").check()
    page.get_by_label("Number of questions").fill(str(QUESTIONS))
    page.get_by_label("Time limit (minutes)").fill("20")
    page.get_by_label("Right after submitting").check()
    page.get_by_role("button", name="Create assignment").click()
    page.wait_for_url(re.compile(r"/assignments/\d+/$"))
    expect(page.get_by_role("heading", name=QUIZ)).to_be_visible()
    expect(page.get_by_text(f"Assignment “{QUIZ}” created.")).to_be_visible()
    expect(page.locator(".settings-list")).to_contain_text("20 minutes")
    expect(page.locator(".question-set li")).to_have_count(QUESTIONS)
    check(page)
    return Assignment.objects.get(title=QUIZ)


def _join(phone: Page, code: str, check: PageCheck) -> None:
    phone.get_by_role("link", name="Classes", exact=True).tap()
    phone.get_by_label("Join code").fill(code)
    phone.get_by_role("button", name="Join class").tap()
    phone.wait_for_url(re.compile(r"/classes/\d+/$"))
    expect(phone.get_by_role("heading", name=QUIZ)).to_be_visible()
    check(phone)


def _answer_each_question(phone: Page, check: PageCheck) -> None:
    for number in range(1, QUESTIONS + 1):
        expect(phone.locator(".attempt-position")).to_contain_text(f"Question {number} of 3")
        if number == 1:
            # The countdown runs from the server's figure; the page states the end time anyway.
            expect(phone.locator("[data-countdown]")).to_have_text(re.compile(r"\(\d+:\d\d left\)"))
            check(phone)
        phone.locator(".attempt-option label").first.tap()
        # htmx saves the choice by itself, and says so in the status region.
        expect(phone.locator("#save-status")).to_have_text(f"Answer to question {number} saved.")
        last = number == QUESTIONS
        phone.get_by_role("button", name="Save and review" if last else "Save and next").tap()


def test_an_instructor_sets_a_timed_quiz_and_a_student_takes_it_on_a_phone(
    classroom: Classroom,
    desktop_page: Page,
    phone_page: Page,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def phone_check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    _log_in(desktop_page, "ines")
    quiz = _set_quiz(desktop_page, classroom, assert_accessible)
    assert (quiz.time_limit_minutes, quiz.question_count, quiz.draw) == (20, QUESTIONS, "fixed")

    phone = phone_page
    _log_in(phone, "sam", tap=True)
    _join(phone, classroom.join_code, phone_check)
    phone.get_by_role("button", name=f"Start {QUIZ}").tap()
    phone.wait_for_url(re.compile(r"/attempts/\d+/\?q=1$"))
    _answer_each_question(phone, phone_check)

    expect(phone.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(phone.get_by_text(f"You answered {QUESTIONS} of {QUESTIONS} questions.")).to_be_visible()
    phone_check(phone)
    phone.get_by_role("button", name="Submit my answers").tap()
    phone.wait_for_url(re.compile(r"/attempts/\d+/result/$"))

    attempt = Attempt.objects.get()
    assert attempt.is_submitted and not attempt.closed_by_deadline
    expect(phone.locator("#attempt-score")).to_have_text(
        re.compile(rf"^{attempt.score} of {QUESTIONS} correct")
    )
    expect(phone.get_by_text("Your answers were submitted.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Your answers and the correct ones")).to_be_visible()
    phone_check(phone)
    assert ReviewLog.objects.filter(user=attempt.student, source="quiz").count() == QUESTIONS
