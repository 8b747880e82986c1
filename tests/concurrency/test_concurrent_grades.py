"""Grades racing each other: every distinct grade counts once, a repeated one never twice."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftQuestion
from learning.models import Bank, CardState, ReviewLog
from learning.services.reviews import grade_token
from tests.concurrency.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20
GRADES_PER_THREAD = 50
LEARNERS = 10  # two threads per learner, each grading its own half of the bank


def _bank(make_bank: Callable[..., Bank], make_question: Callable[..., DraftQuestion]) -> Bank:
    size = GRADES_PER_THREAD * THREADS // LEARNERS
    return make_bank(questions=[make_question(f"q-{n}") for n in range(size)])


def _grader(learner: User, bank: Bank, question_ids: list[int]) -> Callable[[], list[int]]:
    client = Client()
    client.force_login(learner)
    url = reverse("study_grade", args=[bank.slug])

    def grade_all() -> list[int]:
        statuses = []
        for question_id in question_ids:
            token = grade_token(user=learner, question_id=question_id, reps=0)
            body = {"question": question_id, "token": token, "rating": "3"}
            response = client.post(url, body, headers={"HX-Request": "true"})
            assert b"Already graded" not in response.content
            statuses.append(response.status_code)
        return statuses

    return grade_all


def test_twenty_threads_of_fifty_distinct_grades_record_a_thousand_reviews(
    make_bank: Callable[..., Bank], make_question: Callable[..., DraftQuestion]
) -> None:
    bank = _bank(make_bank, make_question)
    ids = list(bank.questions.order_by("pk").values_list("pk", flat=True))
    learners = [User.objects.create_user(f"learner-{n}") for n in range(LEARNERS)]
    jobs = [
        _grader(learners[n // 2], bank, ids[n % 2 :: 2][:GRADES_PER_THREAD]) for n in range(THREADS)
    ]

    results = run_together(jobs)

    errors = [result for result in results if isinstance(result, BaseException)]
    assert errors == []  # no "database is locked", no lost thread
    assert all(status == 200 for statuses in results for status in statuses)  # type: ignore[union-attr]
    assert ReviewLog.objects.count() == THREADS * GRADES_PER_THREAD
    assert CardState.objects.count() == THREADS * GRADES_PER_THREAD
    assert set(CardState.objects.values_list("reps", flat=True)) == {1}


@pytest.mark.parametrize("reps", [0, 1])  # a new card (row inserted), a seen one (row updated)
def test_tabs_grading_the_same_card_at_once_record_one_review(
    reps: int,
    student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
) -> None:
    bank = make_bank(questions=[make_question("only")])
    question = bank.questions.get()
    if reps:
        token = grade_token(user=student, question_id=question.pk, reps=0)
        body = {"question": question.pk, "token": token, "rating": "1"}
        client = Client()
        client.force_login(student)
        client.post(reverse("study_grade", args=[bank.slug]), body)
    token = grade_token(user=student, question_id=question.pk, reps=reps)
    tabs = _tabs(student)
    url = reverse("study_grade", args=[bank.slug])
    body = {"question": question.pk, "token": token, "rating": "3"}

    results = run_together(
        [lambda tab=tab: tab.post(url, body, headers={"HX-Request": "true"}) for tab in tabs]
    )

    assert [type(r) for r in results if isinstance(r, BaseException)] == []
    assert [r.status_code for r in results] == [200] * len(tabs)  # type: ignore[union-attr]
    already = [r for r in results if re.search(rb"Already graded", r.content)]  # type: ignore[union-attr]
    assert len(already) == len(tabs) - 1
    assert ReviewLog.objects.filter(user=student, rating=3).count() == 1
    assert CardState.objects.get(user=student, question=question).reps == reps + 1


@pytest.mark.parametrize("grades", [1, 2])  # undoing a first grade deletes the card's row
def test_undo_clicked_in_several_tabs_at_once_undoes_one_grade(
    grades: int,
    student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
) -> None:
    bank = make_bank(questions=[make_question("only")])
    question = bank.questions.get()
    grader = Client()
    grader.force_login(student)
    for reps in range(grades):
        token = grade_token(user=student, question_id=question.pk, reps=reps)
        body = {"question": question.pk, "token": token, "rating": "3"}
        grader.post(reverse("study_grade", args=[bank.slug]), body)
    latest = ReviewLog.objects.filter(user=student).latest("reps")
    tabs = _tabs(student)
    url = reverse("study_undo", args=[bank.slug])

    results = run_together(
        [
            lambda tab=tab: tab.post(url, {"review": latest.pk}, headers={"HX-Request": "true"})
            for tab in tabs
        ]
    )

    assert [type(r) for r in results if isinstance(r, BaseException)] == []
    assert [r.status_code for r in results] == [200] * len(tabs)  # type: ignore[union-attr]
    undone = [r for r in results if b"Grade undone" in r.content]  # type: ignore[union-attr]
    assert len(undone) == 1
    assert ReviewLog.objects.filter(user=student).count() == grades - 1
    card = CardState.objects.filter(user=student, question=question).first()
    assert (card.reps if card else 0) == grades - 1


def _tabs(user: User, count: int = 8) -> list[Client]:
    """Browser tabs of one signed-in user: each its own client, all on the same account."""
    tabs = []
    for _ in range(count):
        tab = Client()
        tab.force_login(user)
        tabs.append(tab)
    return tabs
