"""The assignment form: create and edit, for the class's instructor only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Bank, Classroom, StudySettings
from learning.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def _fields(bank: Bank, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Week 1 quiz",
        "bank": str(bank.pk),
        "question_count": "3",
        "draw": "fixed",
        "opens_at": "2026-03-02T09:00",
        "due_at": "2026-03-09T18:30",
        "time_limit_minutes": "20",
        "attempts_allowed": "2",
        "show_answers": "after_due",
    }
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


def _create_url(classroom: Classroom) -> str:
    return reverse("assignment_create", args=[classroom.pk])


def test_it_redirects_anonymous_users_to_log_in(client: Client, classroom: Classroom) -> None:
    response = client.get(_create_url(classroom))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_404s_for_a_student_of_the_class(
    login: Login, student: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    client = login(student)

    assert client.get(_create_url(classroom)).status_code == 404
    assert client.post(_create_url(classroom), _fields(quiz_bank)).status_code == 404
    assert not Assignment.objects.exists()


def test_it_404s_for_another_instructor(
    login: Login, other_instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    response = login(other_instructor).post(_create_url(classroom), _fields(quiz_bank))

    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_the_form_names_the_instructors_time_zone_and_leaves_flashcards_out(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    StudySettings.objects.create(user=instructor, time_zone="Europe/Paris")

    response = login(instructor).get(_create_url(classroom))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Europe/Paris" in html
    assert 'type="datetime-local"' in html
    assert 'value="flashcard"' not in html
    assert "Flashcards are never included" in html
    assert "POEMS Syndrome (6 questions)" in html


def test_creating_stores_the_dates_in_utc_from_the_instructors_zone_and_picks_the_set(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    StudySettings.objects.create(user=instructor, time_zone="Europe/Paris")

    response = login(instructor).post(
        _create_url(classroom), _fields(quiz_bank, categories=["synonyms", "tests"])
    )

    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assignment_detail", args=[assignment.pk])
    assert assignment.classroom == classroom
    assert assignment.opens_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # CET is UTC+1
    assert assignment.due_at == datetime(2026, 3, 9, 17, 30, tzinfo=UTC)
    assert (assignment.time_limit_minutes, assignment.attempts_allowed) == (20, 2)
    assert assignment.categories == ["synonyms", "tests"]
    assert len(assignment.fixed_question_ids) == 3
    assert set(assignment.fixed_question_ids) <= set(
        quiz_bank.questions.filter(category__in=["synonyms", "tests"]).values_list("pk", flat=True)
    )


def test_a_due_date_before_opening_is_refused_with_the_form_again(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    response = login(instructor).post(
        _create_url(classroom), _fields(quiz_bank, due_at="2026-03-02T08:00")
    )

    assert response.status_code == 200
    assert "The due date must come after the opening time." in response.content.decode()
    assert not Assignment.objects.exists()


def test_asking_for_more_questions_than_the_scope_holds_says_how_many_there_are(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    response = login(instructor).post(
        _create_url(classroom), _fields(quiz_bank, categories=["synonyms"], question_count="3")
    )

    assert response.status_code == 200
    assert "Only 2 active questions match" in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("question_count", "0"), ("attempts_allowed", "0"), ("time_limit_minutes", "-5")],
)
def test_numbers_below_one_are_refused(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank, field: str, value: str
) -> None:
    response = login(instructor).post(_create_url(classroom), _fields(quiz_bank, **{field: value}))

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not Assignment.objects.exists()


def test_another_instructors_draft_bank_cannot_be_chosen(
    login: Login,
    instructor: User,
    other_instructor: User,
    classroom: Classroom,
    make_bank: Callable[..., Bank],
) -> None:
    draft = make_bank(owner=other_instructor, is_published=False)

    response = login(instructor).post(_create_url(classroom), _fields(draft))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(
    instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    response = client.post(_create_url(classroom), _fields(quiz_bank))

    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_it_refuses_other_methods_with_405(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    assert login(instructor).delete(_create_url(classroom)).status_code == 405


# --- Editing ---------------------------------------------------------------------------------


def test_editing_is_404_for_students_and_other_instructors(
    client: Client,
    student: User,
    other_instructor: User,
    make_quiz: Callable[..., Assignment],
    quiz_bank: Bank,
) -> None:
    quiz = make_quiz()
    url = reverse("assignment_edit", args=[quiz.pk])
    for user in (student, other_instructor):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, _fields(quiz_bank, title="Hacked")).status_code == 404
    assert Assignment.objects.get().title == "Quiz 1"


def test_the_edit_form_shows_the_saved_dates_in_the_instructors_zone(
    login: Login, instructor: User, make_quiz: Callable[..., Assignment]
) -> None:
    StudySettings.objects.create(user=instructor, time_zone="America/New_York")
    quiz = make_quiz(opens_at=datetime(2026, 7, 1, 16, 0, tzinfo=UTC))

    html = login(instructor).get(reverse("assignment_edit", args=[quiz.pk])).content.decode()

    assert 'value="2026-07-01T12:00"' in html  # EDT is UTC-4


def test_editing_before_any_attempt_can_change_the_question_set(
    login: Login, instructor: User, make_quiz: Callable[..., Assignment], quiz_bank: Bank
) -> None:
    quiz = make_quiz(question_count=2)

    response = login(instructor).post(
        reverse("assignment_edit", args=[quiz.pk]), _fields(quiz_bank, question_count="4")
    )

    quiz.refresh_from_db()
    assert response.status_code == 302
    assert (quiz.title, quiz.question_count, len(quiz.fixed_question_ids)) == ("Week 1 quiz", 4, 4)


def test_once_a_student_started_the_question_set_stays_and_the_rest_changes(
    login: Login,
    instructor: User,
    student: User,
    make_quiz: Callable[..., Assignment],
    quiz_bank: Bank,
) -> None:
    quiz = make_quiz(question_count=2)
    picked = list(quiz.fixed_question_ids)
    attempt_start(assignment=quiz, student=student, now=timezone.now())
    client = login(instructor)
    url = reverse("assignment_edit", args=[quiz.pk])

    assert "its questions stay as they are" in client.get(url).content.decode()
    response = client.post(
        url, _fields(quiz_bank, question_count="4", draw="per_student", title="Renamed")
    )

    quiz.refresh_from_db()
    assert response.status_code == 302
    assert (quiz.title, quiz.attempts_allowed, quiz.time_limit_minutes) == ("Renamed", 2, 20)
    assert (quiz.question_count, quiz.draw, quiz.fixed_question_ids) == (2, "fixed", picked)


def test_an_edit_keeps_the_due_date_after_opening(
    login: Login, instructor: User, make_quiz: Callable[..., Assignment], quiz_bank: Bank
) -> None:
    quiz = make_quiz()
    due = quiz.due_at

    response = login(instructor).post(
        reverse("assignment_edit", args=[quiz.pk]),
        _fields(quiz_bank, opens_at="2026-03-09T10:00", due_at="2026-03-09T10:00"),
    )

    quiz.refresh_from_db()
    assert response.status_code == 200
    assert quiz.due_at == due
    assert "The due date must come after the opening time." in response.content.decode()


def test_a_time_the_clocks_skip_in_the_instructors_zone_is_refused(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    StudySettings.objects.create(user=instructor, time_zone="Europe/Paris")

    response = login(instructor).post(
        _create_url(classroom), _fields(quiz_bank, opens_at="2026-03-29T02:30")
    )

    assert response.status_code == 200
    assert "couldn’t be interpreted in time zone Europe/Paris" in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("opens_at", "due_at"),
    [("2026-03-02T09:00", "9999-12-31T23:59"), ("0001-01-01T00:00", "2026-03-09T18:30")],
)
def test_a_date_at_the_ends_of_the_calendar_is_refused_with_the_form_again(
    opens_at: str,
    due_at: str,
    login: Login,
    instructor: User,
    classroom: Classroom,
    quiz_bank: Bank,
) -> None:
    # Far from UTC, such dates would overflow when moved to UTC.
    StudySettings.objects.create(user=instructor, time_zone="Pacific/Pago_Pago")

    response = login(instructor).post(
        _create_url(classroom), _fields(quiz_bank, opens_at=opens_at, due_at=due_at)
    )

    assert response.status_code == 200
    assert "Choose a date between 2000 and 2100." in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_form_warns_when_later_attempts_must_repeat_shown_answers(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    # Five gradable questions in the bank; three attempts of three would need nine.
    fields = _fields(quiz_bank, attempts_allowed="3", show_answers="immediately")

    response = login(instructor).post(_create_url(classroom), fields, follow=True)

    html = response.content.decode()
    assert Assignment.objects.count() == 1
    assert "the bank has 4 questions too few to give all 3 attempts new ones" in html


def test_no_warning_when_the_bank_has_enough_or_answers_wait(
    login: Login, instructor: User, classroom: Classroom, quiz_bank: Bank
) -> None:
    client = login(instructor)
    enough = _fields(quiz_bank, question_count="2", show_answers="immediately")
    waiting = _fields(quiz_bank, attempts_allowed="3", show_answers="after_due")

    for fields in (enough, waiting):
        html = client.post(_create_url(classroom), fields, follow=True).content.decode()
        assert "too few to give all" not in html
    assert Assignment.objects.count() == 2
