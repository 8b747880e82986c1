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
from tests.views.study_cards import FLASHCARD, MATCHING, MCQ, TYPED

pytestmark = pytest.mark.django_db

CardBank = Callable[..., Bank]

Login = Callable[[User], Client]


def _question(card_bank: CardBank, card: dict, **opts) -> Question:
    return card_bank(card, **opts).questions.get()


def _reveal(
    client: Client, user: User, card: Question, /, *, htmx: bool = False, **fields: str
) -> HttpResponse:
    body = {
        "question": str(card.pk),
        "token": grade_token(user=user, question_id=card.pk, reps=0),
        **fields,
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("study_reveal", args=[card.bank.slug]), body, headers=headers)


def _button(html: str, rating: int) -> str:
    match = re.search(
        rf'<button type="submit" name="rating" value="{rating}"[^>]*>.*?</button>', html
    )
    assert match, f"no grade button {rating}"
    return match.group(0)


def test_it_redirects_anonymous_users_to_log_in(client: Client, card_bank: CardBank) -> None:
    question = _question(card_bank, FLASHCARD)

    response = client.post(reverse("study_reveal", args=[question.bank.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_404s_for_another_users_unpublished_bank(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    question = _question(card_bank, FLASHCARD, owner=other_student, is_published=False)

    assert _reveal(login(student), student, question).status_code == 404


def test_it_refuses_a_get_with_405(login: Login, student: User, card_bank: CardBank) -> None:
    question = _question(card_bank, FLASHCARD)

    response = login(student).get(reverse("study_reveal", args=[question.bank.slug]))

    assert response.status_code == 405


def test_it_shows_the_answer_the_source_sentence_and_four_grades_with_intervals(
    login: Login, student: User, card_bank: CardBank
) -> None:
    question = _question(card_bank, FLASHCARD)

    response = _reveal(login(student), student, question)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert FLASHCARD["answer"] in html
    assert f"<blockquote>{FLASHCARD['source_quote']}</blockquote>" in html
    assert "From the section “Overview”" in html
    assert ">Again · 1m</span>" in _button(html, 1)
    assert ">Hard · 6m</span>" in _button(html, 2)
    assert ">Good · 10m</span>" in _button(html, 3)
    assert ">Easy · " in _button(html, 4)
    assert "autofocus" in _button(html, 3)  # self-graded: Good has focus, nothing is "suggested"
    assert "suggested" not in html
    assert "New 1 · Learning 0 · Due 0" in html


def test_an_htmx_reveal_gets_only_the_card_fragment(
    login: Login, student: User, card_bank: CardBank
) -> None:
    question = _question(card_bank, FLASHCARD)

    html = _reveal(login(student), student, question, htmx=True).content.decode()

    assert "<html" not in html
    assert html.lstrip().startswith('<div id="study-card"')
    assert FLASHCARD["answer"] in html


def test_revealing_records_nothing(login: Login, student: User, card_bank: CardBank) -> None:
    question = _question(card_bank, TYPED)

    _reveal(login(student), student, question, given="Polyneuropathy")

    assert not ReviewLog.objects.exists()
    assert not CardState.objects.exists()


def test_a_typed_answer_with_a_typo_is_close_and_suggests_hard(
    login: Login, student: User, card_bank: CardBank
) -> None:
    question = _question(card_bank, TYPED)

    html = _reveal(login(student), student, question, given="Polyneuropaty").content.decode()

    assert 'Polyneuropaty — <strong class="verdict">Close (typo)</strong>' in html
    assert 'class="grade is-suggested"' in _button(html, 2)
    assert "autofocus" in _button(html, 2)
    assert "suggested" not in _button(html, 3)
    assert "Also accepted: peripheral neuropathy" in html


def test_a_wrong_typed_answer_is_wrong_and_suggests_again(
    login: Login, student: User, card_bank: CardBank
) -> None:
    question = _question(card_bank, TYPED)

    html = _reveal(login(student), student, question, given="Gout").content.decode()

    assert '<strong class="verdict">Wrong</strong>' in html
    assert "is-suggested" in _button(html, 1)


def test_an_accepted_alternative_is_correct(
    login: Login, student: User, card_bank: CardBank
) -> None:
    question = _question(card_bank, TYPED)

    html = _reveal(
        login(student), student, question, given="Peripheral Neuropathy"
    ).content.decode()

    assert '<strong class="verdict">Correct</strong>' in html
    assert "is-suggested" in _button(html, 3)


@pytest.mark.parametrize(
    ("choice", "verdict", "suggested"),
    [("Crow-Fukase syndrome", "Correct", 3), ("Gout", "Wrong", 1), ("", "Wrong", 1)],
)
def test_a_multiple_choice_pick_grades_itself(
    login: Login,
    student: User,
    card_bank: CardBank,
    choice: str,
    verdict: str,
    suggested: int,
) -> None:
    question = _question(card_bank, MCQ)

    html = _reveal(login(student), student, question, choice=choice).content.decode()

    assert f'<strong class="verdict">{verdict}</strong>' in html
    assert "is-suggested" in _button(html, suggested)
    assert "<strong>Answer:</strong> Crow-Fukase syndrome" in html


def test_a_matching_card_reveals_the_correct_pairs(
    login: Login, student: User, card_bank: CardBank
) -> None:
    question = _question(card_bank, MATCHING)

    html = _reveal(login(student), student, question).content.decode()

    assert '<span class="pair-left">Biopsy</span>' in html
    assert '<span class="pair-right">plasma cells</span>' in html


def test_a_posted_verdict_is_ignored(login: Login, student: User, card_bank: CardBank) -> None:
    question = _question(card_bank, TYPED)

    html = _reveal(
        login(student), student, question, given="Gout", correct="1", was_correct="true"
    ).content.decode()

    assert '<strong class="verdict">Wrong</strong>' in html


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"question": "x"}, "question: Enter a whole number."),
        ({"token": ""}, "token: This field is required."),
        ({"choice": "Rheumatism"}, "choice: not one of this card's options"),
    ],
)
def test_a_malformed_reveal_is_a_400_with_a_reason(
    login: Login,
    student: User,
    card_bank: CardBank,
    fields: dict[str, str],
    reason: str,
) -> None:
    question = _question(card_bank, MCQ)

    response = _reveal(login(student), student, question, **fields)

    assert response.status_code == 400
    assert response.content.decode() == reason


def test_a_question_from_another_users_private_bank_is_a_404(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    public = card_bank(FLASHCARD)
    private = card_bank(MCQ, owner=other_student, is_published=False)

    response = login(student).post(
        reverse("study_reveal", args=[public.slug]),
        {"question": private.questions.get().pk, "token": "t"},
    )

    assert response.status_code == 404
