from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from learning.models import Bank, CardState, Question, ReviewLog
from learning.services.reviews import grade_token
from tests.views.study_cards import FIRST, MCQ, SECOND, TYPED

pytestmark = pytest.mark.django_db

CardBank = Callable[..., Bank]

Login = Callable[[User], Client]


def _grade(
    client: Client,
    user: User,
    card: Question,
    /,
    *,
    rating: str = "3",
    htmx: bool = False,
    slug: str | None = None,
    **fields: object,
) -> HttpResponse:
    body = {
        "question": str(card.pk),
        "token": grade_token(user=user, question_id=card.pk, reps=0),
        "rating": rating,
        **fields,
    }
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("study_grade", args=[slug or card.bank.slug])
    return client.post(url, body, headers=headers)


def test_it_redirects_anonymous_users_to_log_in(client: Client, card_bank: CardBank) -> None:
    bank = card_bank(FIRST)

    response = client.post(reverse("study_grade", args=[bank.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_404s_for_another_users_unpublished_bank(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    bank = card_bank(FIRST, owner=other_student, is_published=False)

    assert _grade(login(student), student, bank.questions.get()).status_code == 404
    assert not ReviewLog.objects.exists()


def test_it_refuses_a_get_with_405(login: Login, student: User, card_bank: CardBank) -> None:
    bank = card_bank(FIRST)

    assert login(student).get(reverse("study_grade", args=[bank.slug])).status_code == 405


def test_without_javascript_a_grade_records_one_review_and_redirects_to_the_session(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    first = bank.questions.get(key="q-0")

    response = _grade(login(student), student, first, rating="4", category=["acronym", "symptoms"])

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("study_session", args=[bank.slug]) + "?category=acronym&category=symptoms"
    )
    log = ReviewLog.objects.get()
    assert (log.user, log.question, log.rating, log.source) == (student, first, 4, "study")
    assert log.was_correct is None  # a flashcard is graded by the learner alone
    assert CardState.objects.get(user=student, question=first).reps == 1


def test_with_htmx_a_grade_returns_the_next_card_the_new_counters_and_an_undo(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)

    response = _grade(login(student), student, bank.questions.get(key="q-0"), htmx=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Second card?" in html and "First card?" not in html
    assert '<p id="study-counts" hx-swap-oob="innerHTML">New 1 · Learning 0 · Due 0</p>' in html
    log = ReviewLog.objects.get()
    assert f'name="review" value="{log.pk}"' in html
    assert "Undo last grade" in html


def test_replaying_a_grade_records_one_review_and_says_already_graded(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    first = bank.questions.get(key="q-0")
    client = login(student)

    _grade(client, student, first)
    replay = _grade(client, student, first)

    assert ReviewLog.objects.count() == 1
    assert replay.status_code == 200
    html = replay.content.decode()
    assert "Already graded — that card was graded already" in html
    assert "Here is the next one." in html
    assert "Second card?" in html


def test_a_replayed_htmx_grade_gets_the_notice_in_the_fragment(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    first = bank.questions.get(key="q-0")
    client = login(student)

    _grade(client, student, first, htmx=True)
    replay = _grade(client, student, first, htmx=True, rating="1")

    assert replay.status_code == 200
    assert "<html" not in replay.content.decode()
    assert "Already graded" in replay.content.decode()
    assert list(ReviewLog.objects.values_list("rating", flat=True)) == [3]


def test_a_token_for_another_card_is_a_400(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    first, second = bank.questions.get(key="q-0"), bank.questions.get(key="q-1")

    response = _grade(
        login(student),
        student,
        first,
        token=grade_token(user=student, question_id=second.pk, reps=0),
    )

    assert response.status_code == 400
    assert response.content.decode() == "the grade form is for another card; reload the page"
    assert not ReviewLog.objects.exists()


def test_a_token_for_another_user_is_a_400(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    first = card_bank(FIRST).questions.get()

    response = _grade(
        login(student),
        student,
        first,
        token=grade_token(user=other_student, question_id=first.pk, reps=0),
    )

    assert response.status_code == 400
    assert not ReviewLog.objects.exists()


def test_a_forged_token_is_a_400(login: Login, student: User, card_bank: CardBank) -> None:
    first = card_bank(FIRST).questions.get()

    response = _grade(login(student), student, first, token="not-a-token")

    assert response.status_code == 400
    assert response.content.decode() == "the grade form is invalid; reload the page"


@pytest.mark.parametrize("rating", ["0", "5", "good", ""])
def test_a_bad_rating_is_a_400_with_a_reason(
    login: Login, student: User, card_bank: CardBank, rating: str
) -> None:
    first = card_bank(FIRST).questions.get()

    response = _grade(login(student), student, first, rating=rating)

    assert response.status_code == 400
    assert response.content.decode().startswith("rating: ")
    assert "\n" not in response.content.decode()
    assert not ReviewLog.objects.exists()


def test_a_question_from_another_bank_is_a_404(
    login: Login, student: User, card_bank: CardBank
) -> None:
    first = card_bank(FIRST).questions.get()
    other = card_bank(SECOND)

    response = _grade(login(student), student, first, slug=other.slug)

    assert response.status_code == 404
    assert not ReviewLog.objects.exists()


def test_a_retired_question_is_a_404(login: Login, student: User, card_bank: CardBank) -> None:
    first = card_bank(FIRST).questions.get()
    Question.objects.filter(pk=first.pk).update(retired_at="2026-01-01T00:00:00Z")

    assert _grade(login(student), student, first).status_code == 404


def test_a_reserve_question_is_a_404(login: Login, student: User, card_bank: CardBank) -> None:
    first = card_bank(FIRST).questions.get()
    Question.objects.filter(pk=first.pk).update(reserve=True)

    assert _grade(login(student), student, first).status_code == 404
    assert not ReviewLog.objects.exists()


def test_the_study_page_never_shows_a_reserve_question(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FIRST, SECOND)
    Question.objects.filter(bank=bank, prompt="First card?").update(reserve=True)

    html = login(student).get(reverse("study_session", args=[bank.slug])).content.decode()

    assert "Second card?" in html
    assert "First card?" not in html


def test_a_typed_answer_is_rechecked_on_the_server_and_a_posted_verdict_ignored(
    login: Login, student: User, card_bank: CardBank
) -> None:
    typed = card_bank(TYPED).questions.get()

    _grade(login(student), student, typed, given="Gout", correct="1", was_correct="true")

    log = ReviewLog.objects.get()
    assert log.was_correct is False
    assert log.given_answer == "Gout"


def test_a_typed_answer_with_a_typo_is_stored_as_correct(
    login: Login, student: User, card_bank: CardBank
) -> None:
    typed = card_bank(TYPED).questions.get()

    _grade(login(student), student, typed, given="polyneuropaty", rating="2")

    log = ReviewLog.objects.get()
    assert (log.was_correct, log.given_answer, log.rating) == (True, "polyneuropaty", 2)


def test_the_learner_may_override_the_suggested_rating(
    login: Login, student: User, card_bank: CardBank
) -> None:
    mcq = card_bank(MCQ).questions.get()

    _grade(login(student), student, mcq, choice="Gout", rating="4", was_correct="1")

    log = ReviewLog.objects.get()
    assert (log.rating, log.was_correct, log.given_answer) == (4, False, "Gout")


def test_a_choice_that_is_not_an_option_is_a_400(
    login: Login, student: User, card_bank: CardBank
) -> None:
    mcq = card_bank(MCQ).questions.get()

    response = _grade(login(student), student, mcq, choice="Rheumatism")

    assert response.status_code == 400
    assert not ReviewLog.objects.exists()


def test_the_duration_comes_from_when_the_card_was_shown_capped_at_five_minutes(
    login: Login, student: User, card_bank: CardBank
) -> None:
    first = card_bank(FIRST).questions.get()

    _grade(login(student), student, first, shown_at="0")

    assert ReviewLog.objects.get().duration_ms == 5 * 60 * 1000


def test_a_posted_duration_is_kept(login: Login, student: User, card_bank: CardBank) -> None:
    first = card_bank(FIRST).questions.get()

    _grade(login(student), student, first, duration_ms="4200")

    assert ReviewLog.objects.get().duration_ms == 4200


def test_the_grade_form_on_the_page_grades_the_card_it_shows(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(TYPED)
    client = login(student)
    page = client.get(reverse("study_session", args=[bank.slug])).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))

    revealed = client.post(
        reverse("study_reveal", args=[bank.slug]), {**fields, "given": "polyneuropathy"}
    ).content.decode()
    grade_fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', revealed))
    response = client.post(reverse("study_grade", args=[bank.slug]), {**grade_fields, "rating": 3})

    assert response.status_code == 302
    log = ReviewLog.objects.get()
    assert (log.was_correct, log.given_answer) == (True, "polyneuropathy")
    assert log.duration_ms is not None
