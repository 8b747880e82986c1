"""/banks/<slug>/questions/<pk>/retire/ (POST): retire a question, or restore it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Bank, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeBank = Callable[..., Bank]


def _url(question: Question) -> str:
    return reverse("question_retire", args=[question.bank.slug, question.pk])


def _retired(question: Question) -> bool:
    return Question.objects.get(pk=question.pk).retired_at is not None


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_bank: MakeBank) -> None:
    question = make_bank().questions.first()

    response = client.post(_url(question))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not _retired(question)


def test_a_student_gets_a_404(login: Login, student: User, make_bank: MakeBank) -> None:
    question = make_bank().questions.first()

    assert login(student).post(_url(question)).status_code == 404
    assert not _retired(question)


def test_another_instructors_bank_is_a_404(
    login: Login, instructor: User, other_instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=other_instructor).questions.first()

    assert login(instructor).post(_url(question)).status_code == 404
    assert not _retired(question)


def test_the_instructor_retires_a_question_and_students_stop_seeing_it(
    login: Login, instructor: User, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)
    question = bank.questions.get(key="syn-1")

    response = login(instructor).post(_url(question), {"action": "retire"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{question.pk}")
    assert _retired(question)
    html = login(student).get(reverse("bank_detail", args=[bank.slug])).content.decode()
    assert "Prompt for syn-1?" not in html


def test_the_instructor_restores_a_retired_question(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank().questions.get(key="syn-1")  # a site bank: any instructor edits it
    Question.objects.filter(pk=question.pk).update(retired_at=timezone.now())

    response = login(instructor).post(_url(question), {"action": "restore"})

    assert response.status_code == 302
    assert not _retired(question)


def test_an_unknown_action_is_a_400_that_changes_nothing(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=instructor).questions.first()

    response = login(instructor).post(_url(question), {"action": "delete"})

    assert response.status_code == 400
    assert "action" in response.content.decode()
    assert not _retired(question)


def test_a_get_is_refused_with_405(login: Login, instructor: User, make_bank: MakeBank) -> None:
    question = make_bank(owner=instructor).questions.first()

    assert login(instructor).get(_url(question)).status_code == 405
    assert not _retired(question)


def test_a_post_without_a_csrf_token_is_refused(instructor: User, make_bank: MakeBank) -> None:
    question = make_bank(owner=instructor).questions.first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_url(question), {"action": "retire"}).status_code == 403
    assert not _retired(question)
