"""The gradebook as CSV: one row per student, a file name, and no formulas from user text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, Classroom, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def _rows(response: HttpResponse) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def _get(client: Client, classroom: Classroom) -> HttpResponse:
    return client.get(reverse("gradebook_csv", args=[classroom.pk]))


def test_it_downloads_a_csv_file_named_after_the_class_and_the_day(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    response = _get(login(instructor), classroom)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.now().strftime("%Y-%m-%d")
    assert response["Content-Disposition"] == (
        f'attachment; filename="haematology-101-gradebook-{today}.csv"'
    )
    # Never sniffed into HTML, whatever the cells contain.
    assert response["X-Content-Type-Options"] == "nosniff"


def test_one_row_per_student_with_percent_status_and_attempts_per_assignment(
    login: Login,
    instructor: User,
    student: User,
    other_student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_attempt: Callable[..., Attempt],
    join: Callable[..., None],
) -> None:
    quiz = make_assignment(classroom, title="Quiz 1")
    make_assignment(classroom, title="Quiz 2", due_at=quiz.due_at + timezone.timedelta(days=1))
    first, second, _ = (Question.objects.get(pk=pk) for pk in quiz.fixed_question_ids)
    join(classroom, other_student)
    make_attempt(quiz, student, {first.pk: (first.answer, True), second.pk: ("x", False)})

    rows = _rows(_get(login(instructor), classroom))

    assert rows == [
        [
            "Student",
            "Username",
            "Quiz 1 (%)",
            "Quiz 1 status",
            "Quiz 1 attempts",
            "Quiz 2 (%)",
            "Quiz 2 status",
            "Quiz 2 attempts",
        ],
        ["olga", "olga", "", "Not started", "0", "", "Not started", "0"],
        ["sam", "sam", "33.3", "Submitted", "1", "", "Not started", "0"],
    ]


@pytest.mark.parametrize(
    "dangerous",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\tTAB",
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(
    dangerous: str,
    login: Login,
    instructor: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    make_assignment(classroom, title=dangerous)
    join(classroom, make_user(dangerous, first_name=dangerous))

    header, *rows = _rows(_get(login(instructor), classroom))

    assert header[2] == f"'{dangerous} (%)"
    (row,) = (row for row in rows if row[1] != "sam")
    assert row[1] == f"'{dangerous}"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in header + row)


def test_a_username_with_script_stays_plain_text_in_a_download(
    login: Login,
    instructor: User,
    classroom: Classroom,
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    join(classroom, make_user("<script>alert(1)</script>"))

    response = _get(login(instructor), classroom)

    # An attachment of type text/csv with nosniff: no browser renders it as a page.
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("text/csv")
    assert ["<script>alert(1)</script>", "<script>alert(1)</script>"] in _rows(response)
