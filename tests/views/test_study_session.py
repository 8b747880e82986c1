from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Bank, CardState, StudySettings
from learning.scheduling import Rating
from learning.services.reviews import grade_token, review_record
from tests.views.study_cards import CLOZE, FLASHCARD, MATCHING, MCQ, TRUE_FALSE, TYPED

pytestmark = pytest.mark.django_db

CardBank = Callable[..., Bank]

Login = Callable[[User], Client]


def _url(bank: Bank, query: str = "") -> str:
    return reverse("study_session", args=[bank.slug]) + query


def _html(client: Client, bank: Bank, query: str = "", **headers: str) -> str:
    response = client.get(_url(bank, query), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_it_redirects_anonymous_users_to_log_in(client: Client, card_bank: CardBank) -> None:
    response = client.get(_url(card_bank(FLASHCARD)))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_404s_for_another_users_unpublished_bank(
    login: Login,
    student: User,
    other_student: User,
    card_bank: CardBank,
) -> None:
    bank = card_bank(FLASHCARD, owner=other_student, is_published=False)

    assert login(student).get(_url(bank)).status_code == 404


def test_the_owner_can_study_their_own_unpublished_bank(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD, owner=student, is_published=False)

    assert login(student).get(_url(bank)).status_code == 200


def test_it_refuses_a_post_with_405(login: Login, student: User, card_bank: CardBank) -> None:
    bank = card_bank(FLASHCARD)

    assert login(student).post(_url(bank)).status_code == 405


def test_an_htmx_request_gets_only_the_card_fragment(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD)

    html = _html(login(student), bank, **{"HX-Request": "true"})

    assert "<html" not in html
    assert 'id="study-card"' in html
    assert FLASHCARD["prompt"] in html


def test_it_shows_the_next_card_and_the_counters_in_a_status_region(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD, TYPED)

    html = _html(login(student), bank)

    assert '<p id="study-counts" class="study-counts" role="status">' in html
    assert "New 2 · Learning 0 · Due 0" in html
    assert FLASHCARD["prompt"] in html
    assert "Show answer" in html
    assert "Keys: Space show · 1–4 grade · U undo" in html
    assert 'aria-keyshortcuts="Space Enter"' in html
    assert re.search(r'<script src="[^"]*study\.js" defer>', html)


def test_a_flashcard_prompt_hides_the_answer_and_the_source_sentence(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD)

    html = _html(login(student), bank)

    assert FLASHCARD["answer"] not in html
    assert FLASHCARD["source_quote"] not in html


def test_a_typed_prompt_has_a_labelled_input_and_hides_every_accepted_answer(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(TYPED)

    html = _html(login(student), bank)

    assert '<label for="study-given">Your answer</label>' in html
    assert 'id="study-given" name="given"' in html
    assert ">Check</button>" in html
    for answer in [TYPED["answer"], *TYPED["accepted_answers"]]:
        assert answer.casefold() not in html.casefold()


def test_a_cloze_prompt_shows_the_blank_and_hides_the_answer(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(CLOZE)

    html = _html(login(student), bank)

    assert "POEMS damages the " in html
    assert '<span class="cloze-blank" aria-hidden="true">_____</span>' in html
    assert 'id="study-given"' in html
    assert CLOZE["answer"] not in html


def test_a_multiple_choice_prompt_shows_radios_without_marking_the_right_one(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(MCQ)

    html = _html(login(student), bank)

    assert "<legend>Choose an answer</legend>" in html
    assert html.count('type="radio" name="choice"') == 4
    for key, choice in zip("ABCD", MCQ["choices"], strict=True):
        assert f'value="{choice}" data-key="{key.lower()}" aria-keyshortcuts="{key}"' in html
    # The right option appears exactly as often, and in the same markup, as any wrong one.
    assert html.count(MCQ["answer"]) == html.count("Lupus") == 2
    assert "correct" not in html.casefold()


def test_a_true_false_prompt_offers_true_and_false_on_keys_t_and_f(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(TRUE_FALSE)

    html = _html(login(student), bank)

    assert 'value="True" data-key="t" aria-keyshortcuts="T"' in html
    assert 'value="False" data-key="f" aria-keyshortcuts="F"' in html


def test_a_matching_prompt_shuffles_the_right_column_the_same_way_every_time(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(MATCHING)
    client = login(student)

    html = _html(client, bank)

    lists = re.findall(r'class="matching-list"[^>]*>(.*?)</[ou]l>', html)
    left, right = (re.findall(r"<li>(.*?)</li>", items) for items in lists)
    assert left == [pair[0] for pair in MATCHING["pairs"]]
    assert sorted(right) == sorted(pair[1] for pair in MATCHING["pairs"])
    assert right != [pair[1] for pair in MATCHING["pairs"]]
    assert MATCHING["answer"] not in html
    assert "pair-right" not in html
    again = re.findall(r'class="matching-list"[^>]*>(.*?)</[ou]l>', _html(client, bank))
    assert again == lists


def test_it_studies_only_the_chosen_categories(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD, CLOZE, MCQ)

    html = _html(login(student), bank, "?category=synonyms&category=symptoms")

    assert "New 2 · Learning 0 · Due 0" in html
    assert CLOZE["prompt"].split("_____")[0] in html
    assert FLASHCARD["prompt"] not in html
    assert html.count('name="category" value="symptoms"') == 1
    assert html.count('name="category" value="synonyms"') == 1
    assert "Synonyms, Symptoms · <a" in html


def test_a_selection_without_cards_says_so(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD)

    html = _html(login(student), bank, "?category=prevention")

    assert "No cards in this selection." in html
    assert "New 0 · Learning 0 · Due 0" in html


def test_when_nothing_is_due_it_says_when_the_next_card_is_due_in_the_learners_zone(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD)
    question = bank.questions.get()
    StudySettings.objects.create(user=student, time_zone="Asia/Kolkata")
    review_record(
        user=student,
        question=question,
        rating=Rating.GOOD,
        token=grade_token(user=student, question_id=question.pk, reps=0),
        now=timezone.now(),
    )
    due = CardState.objects.get(user=student).due.astimezone(ZoneInfo("Asia/Kolkata"))

    html = _html(login(student), bank)

    assert "Nothing due. Next card due" in html
    assert re.search(r"in (9|10)\xa0minutes", html)
    assert f"at {due:%H:%M} IST)" in html
    assert FLASHCARD["prompt"] not in html


def test_when_the_new_card_limit_is_reached_the_next_card_comes_on_the_next_study_day(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD)
    StudySettings.objects.create(user=student, new_per_day=0, day_starts_at=4)

    html = _html(login(student), bank)

    assert "Nothing due. Next card due" in html
    assert "04:00 UTC)" in html


def test_after_a_grade_the_page_offers_undo_for_that_review(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD, TYPED)
    question = bank.questions.get(key="q-0")
    log = review_record(
        user=student,
        question=question,
        rating=Rating.GOOD,
        token=grade_token(user=student, question_id=question.pk, reps=0),
        now=timezone.now() - timedelta(seconds=5),
    )

    html = _html(login(student), bank)

    assert f'name="review" value="{log.pk}"' in html
    assert 'aria-keyshortcuts="U">Undo last grade</button>' in html


def test_undo_is_not_offered_on_a_bank_the_latest_review_was_not_made_in(
    login: Login, student: User, card_bank: CardBank
) -> None:
    bank = card_bank(FLASHCARD)
    other = card_bank(TYPED)
    question = other.questions.get()
    review_record(
        user=student,
        question=question,
        rating=Rating.GOOD,
        token=grade_token(user=student, question_id=question.pk, reps=0),
        now=timezone.now(),
    )

    html = _html(login(student), bank)

    assert "Undo last grade" not in html
