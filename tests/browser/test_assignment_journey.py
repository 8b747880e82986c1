"""The whole journey: an instructor creates a class and a timed quiz on a desktop, through the
forms; a student joins with the code shown on the class page, takes the quiz on a 375×667 phone by
taps alone and submits; the instructor finds the score in the gradebook, downloads the CSV and
reads the item analysis. Every page passes axe-core, and no phone page scrolls sideways."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from learning.models import Assignment, Attempt, AttemptAnswer, Question, ReviewLog
from learning.roles import INSTRUCTORS_GROUP
from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "poems-syndrome.txt"
CLASS_NAME = "Haematology 101"
QUIZ = "Week 1: POEMS quiz"
QUESTIONS = 3
# The gradebook CSV's percentage for each possible score out of three.
PERCENT_OF_THREE = {0: "0", 1: "33.3", 2: "66.7", 3: "100"}

PageCheck = Callable[["Page"], None]


@pytest.fixture
def people(transactional_db: None) -> None:
    instructor = User.objects.create_user(username="ines", password=PASSWORD)
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    User.objects.create_user(username="sam", password=PASSWORD)
    call_command("import_source", str(SEED))


def _open_class(page: Page, check: PageCheck) -> None:
    """From any page, through the Classes list, to the class's own page."""
    page.get_by_role("link", name="Classes", exact=True).click()
    expect(page.get_by_role("heading", name="Classes", exact=True)).to_be_visible()
    check(page)
    page.get_by_role("link", name=CLASS_NAME).click()
    expect(page.get_by_role("heading", name=CLASS_NAME)).to_be_visible()
    check(page)


def _create_class(page: Page, check: PageCheck) -> str:
    """On a desktop, through the form on the Classes page: the join code the class page shows."""
    page.get_by_role("link", name="Classes", exact=True).click()
    expect(page.get_by_text("You do not teach a class yet.")).to_be_visible()
    check(page)
    page.get_by_label("Class name").fill(CLASS_NAME)
    page.get_by_role("button", name="Create class").click()
    page.wait_for_url(re.compile(r"/classes/\d+/$"))
    expect(page.get_by_role("heading", name=CLASS_NAME)).to_be_visible()
    check(page)
    code = page.locator("#join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    return code


def _set_quiz(page: Page, check: PageCheck) -> Assignment:
    """From the class page, through the form: three tap-only questions, 20 minutes, answers at
    once."""
    page.get_by_role("link", name="New assignment").click()
    expect(page.get_by_role("heading", name="New assignment")).to_be_visible()
    expect(page.get_by_text("Dates and times are in your time zone")).to_be_visible()
    check(page)
    page.get_by_label("Title").fill(QUIZ)
    active = Question.objects.active().count()
    page.get_by_label("Question bank").select_option(label=f"POEMS Syndrome ({active} questions)")
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


def _take_and_submit(phone: Page, code: str, check: PageCheck) -> int:
    """On the phone, by taps: join, start, answer every question, submit. The score shown."""
    log_in(phone, "sam", tap=True)
    _join(phone, code, check)
    phone.get_by_role("button", name=f"Start {QUIZ}").tap()
    phone.wait_for_url(re.compile(r"/attempts/\d+/\?q=1$"))
    _answer_each_question(phone, check)

    expect(phone.get_by_role("heading", name="Review and submit")).to_be_visible()
    expect(phone.get_by_text(f"You answered {QUESTIONS} of {QUESTIONS} questions.")).to_be_visible()
    check(phone)
    phone.get_by_role("button", name="Submit my answers").tap()
    phone.wait_for_url(re.compile(r"/attempts/\d+/result/$"))
    expect(phone.get_by_text("Your answers were submitted.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Your answers and the correct ones")).to_be_visible()
    check(phone)
    shown = re.match(rf"(\d) of {QUESTIONS} correct", phone.locator("#attempt-score").inner_text())
    assert shown, "the result page shows no score"
    return int(shown[1])


def _read_gradebook(page: Page, score: int, check: PageCheck) -> None:
    page.get_by_role("link", name="Gradebook", exact=True).click()
    expect(page.get_by_role("heading", name="Gradebook")).to_be_visible()
    row = page.locator("#gradebook tbody tr").filter(has_text="sam")
    expect(row.locator(".score")).to_have_text(f"{score}/{QUESTIONS}")
    expect(row.locator(".status")).to_have_text("Submitted")
    check(page)


def _download_csv(page: Page) -> dict[str, str]:
    """Through the gradebook's link, as a browser download: sam's row, keyed by the header."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert re.fullmatch(
        r"haematology-101-gradebook-\d{4}-\d\d-\d\d\.csv", download.suggested_filename
    )
    with open(download.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return next(row for row in rows if row["Username"] == "sam")


def _read_item_analysis(page: Page, check: PageCheck) -> dict[str, str]:
    """From the gradebook: each question's prompt and its facility, as the page states them."""
    page.get_by_role("link", name=f"Item analysis of {QUIZ}").click()
    expect(page.get_by_role("heading", name=f"Item analysis: {QUIZ}")).to_be_visible()
    expect(page.get_by_text("1 student counted")).to_be_visible()
    items = page.locator(".item-list > li.item")
    expect(items).to_have_count(QUESTIONS)
    check(page)
    prompts = items.locator(".prompt").all_inner_texts()
    facility = items.locator(".item-stats > div").filter(has_text="Facility").locator("dd")
    return dict(zip(prompts, facility.all_inner_texts(), strict=True))


def test_an_instructor_sets_a_timed_quiz_a_student_takes_it_on_a_phone_and_the_reports_show_it(
    people: None,
    desktop_page: Page,
    phone_page: Page,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def phone_check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    desktop = desktop_page
    log_in(desktop, "ines")
    code = _create_class(desktop, assert_accessible)
    quiz = _set_quiz(desktop, assert_accessible)
    assert (quiz.time_limit_minutes, quiz.question_count, quiz.draw) == (20, QUESTIONS, "fixed")

    score = _take_and_submit(phone_page, code, phone_check)
    attempt = Attempt.objects.get()
    assert attempt.is_submitted and not attempt.closed_by_deadline
    assert attempt.score == score
    assert ReviewLog.objects.filter(user=attempt.student, source="quiz").count() == QUESTIONS

    _open_class(desktop, assert_accessible)
    _read_gradebook(desktop, score, assert_accessible)
    exported = _download_csv(desktop)
    assert exported[f"{QUIZ} (%)"] == PERCENT_OF_THREE[score]
    assert (exported[f"{QUIZ} status"], exported[f"{QUIZ} attempts"]) == ("Submitted", "1")

    # With one student, a question's facility is 1.00 where sam was right and 0.00 elsewhere.
    answers = AttemptAnswer.objects.filter(attempt=attempt).select_related("question")
    expected = {
        answer.question.prompt: "1.00 (1 of 1 right)"
        if answer.is_correct
        else "0.00 (0 of 1 right)"
        for answer in answers
    }
    assert _read_item_analysis(desktop, assert_accessible) == expected
