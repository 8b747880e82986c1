"""The bank page for an instructor who may edit the bank: edit links, retired questions."""

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


def _url(bank: Bank) -> str:
    return reverse("bank_detail", args=[bank.slug])


@pytest.mark.parametrize("owned", [True, False], ids=["own bank", "site bank"])
def test_an_editor_sees_an_edit_link_per_question_and_a_write_link(
    owned: bool, login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor if owned else None)

    html = login(instructor).get(_url(bank)).content.decode()

    for question in bank.questions.all():
        assert reverse("question_edit", args=[bank.slug, question.pk]) in html
    assert f'href="{reverse("question_new", args=[bank.slug])}"' in html


@pytest.mark.parametrize("who", ["student", "other_instructor"])
def test_readers_who_may_not_edit_see_no_edit_links(
    who: str, request: pytest.FixtureRequest, login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)

    html = login(request.getfixturevalue(who)).get(_url(bank)).content.decode()

    assert "/questions/" not in html
    assert "Write a question" not in html


def test_an_editor_sees_retired_questions_marked_with_a_restore_button(
    login: Login, instructor: User, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)
    retired = bank.questions.get(key="syn-1")
    Question.objects.filter(pk=retired.pk).update(retired_at=timezone.now())

    html = login(instructor).get(_url(bank)).content.decode()

    assert "4 questions · 1 retired" in html
    item = html.split(f'id="question-{retired.pk}"', 1)[1].split('<li class="question', 1)[0]
    assert '<span class="badge badge-retired">Retired</span>' in item
    assert f'action="{reverse("question_retire", args=[bank.slug, retired.pk])}"' in item
    assert 'name="action" value="restore"' in item
    assert "Prompt for syn-1?" not in login(student).get(_url(bank)).content.decode()
