"""The gradebook page: best scores, statuses with a legend, current members by name."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, Classroom, Membership, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeAssignment = Callable[..., Assignment]
MakeAttempt = Callable[..., Attempt]


def _url(classroom: Classroom) -> str:
    return reverse("gradebook", args=[classroom.pk])


def _questions(assignment: Assignment) -> list[Question]:
    by_id = Question.objects.in_bulk(assignment.fixed_question_ids)
    return [by_id[pk] for pk in assignment.fixed_question_ids]


def _cell(html: str, student: User, column: int) -> str:
    """The text of a student's cell in the n-th assignment column (0-based), tags removed."""
    row = re.search(rf'<tr id="student-{student.pk}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {student}"
    cells = re.findall(r'<td class="grade-cell">(.*?)</td>', row.group(1), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", cells[column]).split())


def test_it_shows_the_best_submitted_score_with_its_percentage_and_attempts_used(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    make_attempt: MakeAttempt,
) -> None:
    quiz = make_assignment(classroom, attempts_allowed=3)
    first, second, third = _questions(quiz)
    make_attempt(quiz, student, {first.pk: (first.answer, True)}, number=1)
    make_attempt(
        quiz, student, {first.pk: (first.answer, True), second.pk: (second.answer, True)}, number=2
    )
    make_attempt(quiz, student, {}, number=3)  # a worse, later attempt never lowers the grade

    html = login(instructor).get(_url(classroom)).content.decode()

    assert _cell(html, student, 0) == "2/3 66.7 % Submitted 3 of 3 attempts"
    assert "best" in html and "a later, weaker attempt never lowers it" in html


@pytest.mark.parametrize(
    ("opens", "due", "attempt", "expected"),
    [
        pytest.param(-1, 24, None, "Not started 0 of 1 attempt", id="not-started"),
        pytest.param(-1, 24, "open", "In progress 1 of 1 attempt", id="in-progress"),
        pytest.param(-48, -24, None, "Late 0 of 1 attempt", id="late-means-missing"),
        pytest.param(-48, -24, "submitted", "0/3 0 % Submitted 1 of 1 attempt", id="zero-score"),
    ],
)
def test_each_status(
    opens: int,
    due: int,
    attempt: str | None,
    expected: str,
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    make_attempt: MakeAttempt,
) -> None:
    now = timezone.now()
    quiz = make_assignment(
        classroom, opens_at=now + timedelta(hours=opens), due_at=now + timedelta(hours=due)
    )
    if attempt == "open":
        make_attempt(quiz, student, submitted=False, deadline=now + timedelta(hours=1))
    elif attempt == "submitted":
        make_attempt(quiz, student, started_at=now + timedelta(hours=opens + 1))

    html = login(instructor).get(_url(classroom)).content.decode()

    assert _cell(html, student, 0) == expected


def test_an_attempt_whose_time_ran_out_is_closed_and_scored_before_the_page_is_read(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    make_attempt: MakeAttempt,
) -> None:
    quiz = make_assignment(classroom)
    first = _questions(quiz)[0]
    now = timezone.now()
    attempt = make_attempt(
        quiz,
        student,
        {first.pk: (first.answer, False)},
        submitted=False,
        started_at=now - timedelta(minutes=50),
        deadline=now - timedelta(minutes=20),
    )

    html = login(instructor).get(_url(classroom)).content.decode()

    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.closed_by_deadline
    assert _cell(html, student, 0) == "1/3 33.3 % Submitted 1 of 1 attempt"


def test_students_are_the_current_members_sorted_by_name(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    make_attempt: MakeAttempt,
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    quiz = make_assignment(classroom)
    zed = make_user("aaron", first_name="Zed", last_name="Young")
    bea = make_user("zz-bea", first_name="bea", last_name="Adams")
    gone = make_user("gone")
    join(classroom, zed, bea, gone)
    make_attempt(quiz, gone)
    Membership.objects.filter(student=gone).delete()

    html = login(instructor).get(_url(classroom)).content.decode()

    names = re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', html)
    assert names == ["bea Adams", "sam", "Zed Young"]
    assert "gone" not in names
    assert '<span class="meta">zz-bea</span>' in html  # the username beside a full name


def test_it_links_each_student_to_their_report_and_each_assignment_to_its_analysis(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
) -> None:
    quiz = make_assignment(classroom)

    html = login(instructor).get(_url(classroom)).content.decode()

    assert f'href="{reverse("student_report", args=[classroom.pk, student.pk])}"' in html
    assert f'href="{reverse("item_analysis", args=[quiz.pk])}"' in html
    assert f'href="{reverse("gradebook_csv", args=[classroom.pk])}"' in html


def test_the_legend_defines_every_status(
    login: Login, instructor: User, classroom: Classroom, make_assignment: MakeAssignment
) -> None:
    make_assignment(classroom)

    html = login(instructor).get(_url(classroom)).content.decode()

    for value, label in [
        ("not_started", "Not started"),
        ("in_progress", "In progress"),
        ("submitted", "Submitted"),
        ("late", "Late"),
    ]:
        assert f'<dt><span class="badge status status-{value}">{label}</span></dt>' in html
    assert "The due date has passed and nothing was handed in: the work is missing." in html


def test_the_table_scrolls_in_its_own_focusable_region(
    login: Login, instructor: User, classroom: Classroom, make_assignment: MakeAssignment
) -> None:
    make_assignment(classroom)

    html = login(instructor).get(_url(classroom)).content.decode()

    assert re.search(
        r'<div class="table-scroll" role="region" aria-labelledby="gradebook-caption" '
        r'tabindex="0">',
        html,
    )
    assert '<caption id="gradebook-caption">' in html


def test_without_assignments_it_says_so(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    html = login(instructor).get(_url(classroom)).content.decode()

    assert "No assignments yet" in html
    assert "<table" not in html


def test_a_username_with_script_is_escaped(
    login: Login,
    instructor: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    make_assignment(classroom, title="<b>Quiz</b>")
    # The sign-up form would refuse these characters; a row written another way must not run.
    evil = make_user("<script>alert(1)</script>", first_name="<img src=x onerror=alert(2)>")
    join(classroom, evil)

    html = login(instructor).get(_url(classroom)).content.decode()

    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>Quiz" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
