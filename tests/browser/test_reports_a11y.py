"""The instructor's reports in Chromium: accessible, no sideways page scroll, and wide tables
that scroll inside their own focusable frame."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import expect

from learning.models import (
    Assignment,
    Attempt,
    AttemptAnswer,
    Bank,
    CardState,
    Classroom,
    Membership,
    Question,
)
from learning.roles import INSTRUCTORS_GROUP
from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CATEGORIES = ["acronym", "synonyms", "symptoms", "tests", "treatments", "prognosis"]
CHOICES = ["Crow-Fukase syndrome", "Lupus", "Gout", "Asthma"]
STUDENTS = 8
GRADEBOOK_TABLE = f"Scores and status of {STUDENTS} students in 5 assignments"
PageCheck = Callable[["Page"], None]
Taught = tuple[Classroom, Assignment, User]  # the class, its first assignment, a student


@pytest.fixture
def taught(transactional_db: None) -> Taught:
    """A class of eight with five assignments, a submitted attempt each at the first, cards."""
    now = timezone.now()
    teacher = User.objects.create_user("report-reader", password=PASSWORD)
    teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    bank = Bank.objects.create(slug="poems", title="POEMS Syndrome", is_published=True)
    questions = Question.objects.bulk_create(
        Question(
            bank=bank,
            key=f"q-{n}",
            category=CATEGORIES[n % len(CATEGORIES)],
            type="mcq",
            prompt=f"Which is another name for POEMS syndrome, version {n}?",
            answer=CHOICES[0],
            choices=CHOICES,
            source_quote=f"POEMS syndrome is also called Crow-Fukase syndrome ({n}).",
            position=n,
        )
        for n in range(12)
    )
    classroom = Classroom.objects.create(name="Haematology 101", instructor=teacher)
    assignments = [
        Assignment.objects.create(
            classroom=classroom,
            bank=bank,
            title=f"Week {week} quiz on the POEMS article",
            question_count=len(questions),
            fixed_question_ids=[q.pk for q in questions],
            opens_at=now - timedelta(days=10),
            due_at=now + timedelta(days=week - 2),
        )
        for week in range(1, 6)
    ]
    students = [User.objects.create_user(f"student-{n}") for n in range(STUDENTS)]
    Membership.objects.bulk_create(Membership(classroom=classroom, student=s) for s in students)
    for n, student in enumerate(students):
        _submit(assignments[0], student, questions, right=n + 2, now=now)
        CardState.objects.bulk_create(
            CardState(
                user=student,
                question=question,
                phase="review",
                stability=2.0 + (n * m) % 30,
                difficulty=5.0,
                due=now + timedelta(days=m - 4),
                last_review=now - timedelta(days=m % 5),
                reps=1,
            )
            for m, question in enumerate(questions[: n + 4])
        )
    return classroom, assignments[0], students[0]


def _submit(
    assignment: Assignment, student: User, questions: list[Question], *, right: int, now: datetime
) -> None:
    attempt = Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=1,
        question_ids=[q.pk for q in questions],
        started_at=now - timedelta(days=1, minutes=30),
        deadline=now + timedelta(days=1),
        submitted_at=now - timedelta(days=1),
        score=right,
        max_score=len(questions),
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=question,
            given=CHOICES[0] if m < right else CHOICES[1 + m % 2],
            answered_at=now - timedelta(days=1),
            is_correct=m < right,
        )
        for m, question in enumerate(questions)
    )


def _assert_table_scrolls_in_its_frame(page: Page, name: str) -> None:
    frame = page.get_by_role("region", name=name)
    expect(frame).to_have_attribute("tabindex", "0")
    frame.focus()
    expect(frame).to_be_focused()
    outline = frame.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the focused scroll frame shows no focus ring"


def _visit_reports(page: Page, taught: Taught, check: PageCheck) -> None:
    classroom, quiz, _ = taught
    log_in(page, "report-reader")

    page.goto(f"/classes/{classroom.pk}/gradebook/")
    expect(page.get_by_role("heading", name="Gradebook")).to_be_visible()
    _assert_table_scrolls_in_its_frame(page, GRADEBOOK_TABLE)
    check(page)

    page.get_by_role("link", name="student-0").click()
    expect(page.get_by_role("heading", name="student-0", level=1)).to_be_visible()
    check(page)

    page.goto(f"/classes/{classroom.pk}/gradebook/")
    page.get_by_role("link", name=f"Item analysis of {quiz.title}").click()
    expect(page.get_by_role("heading", name=f"Item analysis: {quiz.title}")).to_be_visible()
    page.get_by_text("How these figures are worked out").click()
    check(page)

    page.goto(f"/classes/{classroom.pk}/gradebook/")
    page.get_by_role("link", name="Class memory").click()
    expect(page.get_by_role("heading", name="Class memory")).to_be_visible()
    _assert_table_scrolls_in_its_frame(
        page, "Share of the material each student recalls, by category"
    )
    check(page)


def test_the_reports_pass_axe_on_desktop(
    desktop_page: Page,
    taught: Taught,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    _visit_reports(desktop_page, taught, check)


def test_the_reports_fit_a_phone_with_the_tables_scrolling_inside_their_frames(
    phone_page: Page,
    taught: Taught,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
    assert_tap_targets: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
        assert_tap_targets(page)

    _visit_reports(phone_page, taught, check)
    classroom = taught[0]
    phone_page.goto(f"/classes/{classroom.pk}/gradebook/")
    frame = phone_page.get_by_role("region", name=GRADEBOOK_TABLE)
    widths = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1], "the gradebook should be wider than a phone, inside its frame"
