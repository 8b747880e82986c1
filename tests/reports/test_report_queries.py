"""The reports read a fixed number of queries, whether the class has 3 students or 300."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning.ingestion import DraftQuestion
from learning.models import (
    Assignment,
    Attempt,
    AttemptAnswer,
    Bank,
    CardState,
    Classroom,
    Membership,
)

pytestmark = pytest.mark.django_db

QUESTIONS = 10
CHOICES = ["Alpha", "Beta", "Gamma", "Delta"]


def _class_of(
    size: int,
    classroom: Classroom,
    bank: Bank,
    make_assignment: Callable[..., Assignment],
) -> Assignment:
    """`size` students beside the fixture's one, each with a submitted attempt and cards."""
    quiz = make_assignment(classroom, bank=bank, question_count=QUESTIONS)
    _add_students(size, quiz)
    return quiz


def _add_students(size: int, quiz: Assignment, *, first: int = 0) -> None:
    """`size` more students of the quiz's class, each with a submitted attempt and cards."""
    now = timezone.now()
    questions = list(quiz.bank.questions.order_by("position"))
    users = User.objects.bulk_create(
        User(username=f"s{n:04}", password="!") for n in range(first, first + size)
    )
    Membership.objects.bulk_create(Membership(classroom=quiz.classroom, student=u) for u in users)
    attempts = Attempt.objects.bulk_create(
        Attempt(
            assignment=quiz,
            student=user,
            number=1,
            question_ids=quiz.fixed_question_ids,
            started_at=now - timedelta(hours=1),
            deadline=now + timedelta(hours=1),
            submitted_at=now - timedelta(minutes=30),
            score=n % (QUESTIONS + 1),
            max_score=QUESTIONS,
        )
        for n, user in enumerate(users)
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=question,
            given=CHOICES[(n + m) % 3],
            answered_at=now - timedelta(minutes=40),
            is_correct=m < n % (QUESTIONS + 1),
        )
        for n, attempt in enumerate(attempts)
        for m, question in enumerate(questions)
    )
    CardState.objects.bulk_create(
        CardState(
            user=user,
            question=question,
            phase="review",
            stability=1.0 + (n + m) % 30,
            difficulty=5.0,
            due=now + timedelta(days=(n + m) % 20 - 5),
            last_review=now - timedelta(days=(n + m) % 9),
            reps=1,
        )
        for n, user in enumerate(users)
        for m, question in enumerate(questions)
    )


@pytest.fixture
def bank(make_bank: Callable[..., Bank], make_question: Callable[..., DraftQuestion]) -> Bank:
    return make_bank(
        questions=[
            make_question(f"q{n}", type="mcq", answer="Alpha", choices=CHOICES)
            for n in range(QUESTIONS)
        ]
    )


# Session and user with their study settings (2), the nav's instructor check (1), the class or
# assignment (1), closing expired attempts (1, for all assignments), then each report's own reads:
# gradebook: assignments, members, attempts (3), and on the instructor's first visit their
# study settings for the time zone (select, savepoint, insert, release: 4);
# CSV: assignments, members, attempts (3);
# item analysis: counted attempts, their answers, the questions (3);
# class memory: assignments, members, questions per category, cards, hidden quiz reviews,
# students' settings (6).
MAX_QUERIES = {
    "gradebook": 12,
    "gradebook_csv": 8,
    "item_analysis": 8,
    "class_memory": 11,
}


@pytest.mark.parametrize("name", list(MAX_QUERIES))
@pytest.mark.parametrize("size", [3, 300])
def test_the_query_count_does_not_grow_with_the_class(
    name: str,
    size: int,
    login: Callable[[User], Client],
    instructor: User,
    classroom: Classroom,
    bank: Bank,
    make_assignment: Callable[..., Assignment],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    quiz = _class_of(size, classroom, bank, make_assignment)
    url = reverse(name, args=[quiz.pk if name == "item_analysis" else classroom.pk])
    client = login(instructor)

    with django_assert_max_num_queries(MAX_QUERIES[name]):  # type: ignore[operator]
        response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    if name == "gradebook_csv":
        assert body.count("\n") == size + 2  # header, the fixture's student, the class
    elif name == "item_analysis":
        assert f"{size} students counted" in body
    else:
        assert body.count('<tr id="student-') == size + 1


def test_the_count_is_the_same_at_3_and_300_students(
    login: Callable[[User], Client],
    instructor: User,
    classroom: Classroom,
    bank: Bank,
    make_assignment: Callable[..., Assignment],
) -> None:
    """Not only under a ceiling: exactly equal, so a per-student query cannot hide in the slack."""
    quiz = _class_of(3, classroom, bank, make_assignment)
    client = login(instructor)
    urls = _report_urls(quiz)
    _count(client, urls[0])  # the instructor's first visit creates their study settings
    small = [_count(client, url) for url in urls]
    _add_students(297, quiz, first=3)  # with attempts, answers and cards, like the first three

    assert [_count(client, url) for url in urls] == small


def test_the_count_is_the_same_with_more_assignments(
    login: Callable[[User], Client],
    instructor: User,
    classroom: Classroom,
    bank: Bank,
    make_assignment: Callable[..., Assignment],
) -> None:
    """Expired attempts of every assignment are found in one query, not one per assignment."""
    quiz = _class_of(3, classroom, bank, make_assignment)
    client = login(instructor)
    urls = _report_urls(quiz)
    _count(client, urls[0])  # the instructor's first visit creates their study settings
    one = [_count(client, url) for url in urls]
    for n in range(2, 5):
        make_assignment(classroom, bank=bank, title=f"Quiz {n}", question_count=QUESTIONS)

    assert [_count(client, url) for url in urls] == one


def _report_urls(quiz: Assignment) -> list[str]:
    """Every report of the quiz's class; the gradebook first (its first visit writes)."""
    classroom = quiz.classroom
    return [
        reverse("gradebook", args=[classroom.pk]),
        reverse("gradebook_csv", args=[classroom.pk]),
        reverse("item_analysis", args=[quiz.pk]),
        reverse("class_memory", args=[classroom.pk]),
        reverse("student_report", args=[classroom.pk, classroom.memberships.first().student_id]),
    ]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
