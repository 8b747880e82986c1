from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Bank, CardState, Question, ReviewLog
from learning.scheduling import Rating
from learning.services.reviews import grade_token, review_record
from tests.views.study_cards import FIRST, SECOND

pytestmark = pytest.mark.django_db

CardBank = Callable[..., Bank]

Login = Callable[[User], Client]


def _record(
    user: User, question: Question, *, reps: int = 0, rating: int = 3, ago: int = 0
) -> ReviewLog:
    return review_record(
        user=user,
        question=question,
        rating=Rating(rating),
        token=grade_token(user=user, question_id=question.pk, reps=reps),
        now=timezone.now() - timedelta(minutes=ago),
    )


def _undo(
    client: Client, bank: Bank, review: object, *, htmx: bool = False, **fields: object
) -> HttpResponse:
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("study_undo", args=[bank.slug]), {"review": review, **fields}, headers=headers
    )


def test_it_redirects_anonymous_users_to_log_in(client: Client, card_bank: CardBank) -> None:
    response = _undo(client, card_bank(FIRST, SECOND), 1)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_404s_for_another_users_unpublished_bank(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    bank = card_bank(FIRST, SECOND, owner=other_student, is_published=False)
    log = _record(student, bank.questions.get(key="q-0"))

    assert _undo(login(student), bank, log.pk).status_code == 404
    assert ReviewLog.objects.filter(pk=log.pk).exists()


def test_it_refuses_a_get_with_405(login: Login, student: User, card_bank: CardBank) -> None:
    bank = card_bank(FIRST, SECOND)

    assert login(student).get(reverse("study_undo", args=[bank.slug])).status_code == 405


def test_undo_restores_the_card_state_exactly_and_removes_the_log(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    first = bank.questions.get(key="q-0")
    _record(student, first, ago=30)
    _record(student, first, reps=1, rating=3, ago=20)
    before = model_to_dict(CardState.objects.get(user=student, question=first))
    latest = _record(student, first, reps=2, rating=1, ago=0)
    after = model_to_dict(CardState.objects.get(user=student, question=first))
    # The undone grade was a lapse, so every field it changed must come back.
    assert (before["phase"], before["lapses"], before["reps"]) == ("review", 0, 2)
    assert (after["phase"], after["lapses"], after["reps"]) == ("relearning", 1, 3)

    response = _undo(login(student), bank, latest.pk)

    assert response.status_code == 200
    assert model_to_dict(CardState.objects.get(user=student, question=first)) == before
    assert not ReviewLog.objects.filter(pk=latest.pk).exists()
    assert ReviewLog.objects.count() == 2


def test_undo_shows_the_card_again_with_a_token_that_grades_it(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    first = bank.questions.get(key="q-0")
    log = _record(student, first)
    client = login(student)

    html = _undo(client, bank, log.pk, category=["acronym", "symptoms"]).content.decode()

    assert "<html" in html
    assert "Grade undone. Here is that card again." in html
    assert "First card?" in html and "Second card?" not in html
    assert not CardState.objects.exists()  # it was new, so it is new again
    assert "New 2 · Learning 0 · Due 0" in html
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html))
    assert fields["question"] == str(first.pk)
    regrade = client.post(
        reverse("study_grade", args=[bank.slug]),
        {"question": fields["question"], "token": fields["token"], "rating": 4},
    )
    assert regrade.status_code == 302
    assert list(ReviewLog.objects.values_list("rating", flat=True)) == [4]


def test_an_htmx_undo_gets_the_card_fragment_and_the_counters(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    log = _record(student, bank.questions.get(key="q-0"))

    html = _undo(login(student), bank, log.pk, htmx=True).content.decode()

    assert "<html" not in html
    assert '<p id="study-counts" hx-swap-oob="innerHTML">New 2 · Learning 0 · Due 0</p>' in html
    assert "First card?" in html


def test_undo_offers_the_review_before_as_the_next_undo(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    earlier = _record(student, bank.questions.get(key="q-0"), ago=5)
    latest = _record(student, bank.questions.get(key="q-1"))

    html = _undo(login(student), bank, latest.pk).content.decode()

    assert f'name="review" value="{earlier.pk}"' in html


def test_undoing_anything_but_the_latest_review_says_nothing_to_undo(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    earlier = _record(student, bank.questions.get(key="q-0"), ago=5)
    _record(student, bank.questions.get(key="q-1"))

    response = _undo(login(student), bank, earlier.pk)

    assert response.status_code == 200
    assert "Nothing to undo." in response.content.decode()
    assert ReviewLog.objects.count() == 2


def test_another_users_review_cannot_be_undone(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    bank = card_bank(FIRST, SECOND)
    theirs = _record(other_student, bank.questions.get(key="q-0"))

    response = _undo(login(student), bank, theirs.pk)

    assert response.status_code == 200
    assert "Nothing to undo." in response.content.decode()
    assert ReviewLog.objects.filter(pk=theirs.pk).exists()


def test_a_review_made_in_another_bank_is_not_undone_from_this_one(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    other = card_bank(FIRST, SECOND)
    log = _record(student, other.questions.get(key="q-0"))

    response = _undo(login(student), bank, log.pk)

    assert "Nothing to undo." in response.content.decode()
    assert ReviewLog.objects.filter(pk=log.pk).exists()


def test_undoing_twice_says_nothing_to_undo_the_second_time(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    log = _record(student, bank.questions.get(key="q-0"))
    client = login(student)

    _undo(client, bank, log.pk)
    again = _undo(client, bank, log.pk, htmx=True)

    assert again.status_code == 200
    assert "Nothing to undo." in again.content.decode()
    assert "<html" not in again.content.decode()


@pytest.mark.parametrize("review", ["", "x", "-3"])
def test_a_malformed_review_id_is_a_400(
    login: Login, student: User, card_bank: CardBank, review: str
) -> None:
    response = _undo(login(student), card_bank(FIRST, SECOND), review)

    assert response.status_code == 400
    assert response.content.decode().startswith("review: ")
