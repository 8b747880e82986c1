"""The take page: one question at a time, its deadline, and nothing that gives an answer away."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from learning.models import Assignment, Attempt, Bank, Membership, Question, StudySettings
from learning.services.attempts import attempt_answer, attempt_start, attempt_submit

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TAKE_PAGE_QUERIES = 6


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The page shows the time left: a fixed clock makes two renders comparable byte for byte.
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _quiz(make_quiz: MakeQuiz, **overrides: Any) -> Assignment:
    values: dict[str, Any] = {
        "opens_at": NOW - timedelta(hours=1),
        "due_at": NOW + timedelta(days=1),
        "time_limit_minutes": 30,
    }
    values.update(overrides)
    return make_quiz(**values)


def _started(make_quiz: MakeQuiz, student: User, **overrides: Any) -> Attempt:
    return attempt_start(assignment=_quiz(make_quiz, **overrides), student=student, now=NOW)


def _url(attempt: Attempt, step: int | str = 1) -> str:
    return f"{reverse('attempt_take', args=[attempt.pk])}?q={step}"


def _step(attempt: Attempt, key: str) -> int:
    question = Question.objects.get(key=key)
    return attempt.question_ids.index(question.pk) + 1


def test_it_redirects_anonymous_users_to_log_in(
    client: Client, make_quiz: MakeQuiz, student: User
) -> None:
    response = client.get(_url(_started(make_quiz, student)))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_students_attempt_is_a_404(
    login: Login, student: User, other_student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _started(make_quiz, student)
    Membership.objects.create(classroom=attempt.assignment.classroom, student=other_student)

    assert login(other_student).get(_url(attempt)).status_code == 404


def test_the_instructor_cannot_open_a_students_attempt_page(
    login: Login, student: User, instructor: User, make_quiz: MakeQuiz
) -> None:
    assert login(instructor).get(_url(_started(make_quiz, student))).status_code == 404


def test_a_student_removed_from_the_class_can_no_longer_take_it(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _started(make_quiz, student)
    Membership.objects.filter(student=student).delete()

    assert login(student).get(_url(attempt)).status_code == 404


def test_it_refuses_a_post_with_405(login: Login, student: User, make_quiz: MakeQuiz) -> None:
    assert login(student).post(_url(_started(make_quiz, student))).status_code == 405


def test_it_shows_one_question_the_navigation_and_the_deadline_in_the_students_zone(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    StudySettings.objects.create(user=student, time_zone="Europe/Berlin")
    attempt = _started(make_quiz, student)
    step = _step(attempt, "quiz-mcq")

    html = login(student).get(_url(attempt, step)).content.decode()

    assert f"Question {step} of 5" in html
    assert "Which is another name for POEMS syndrome?" in html
    assert "In POEMS, what does the letter P stand for?" not in html
    assert "Ends at <time" in html and "11:30 CET" in html  # 10:30 UTC
    assert 'data-seconds-left="1800"' in html
    assert f'href="{_url(attempt, 5)}"' in html
    assert 'aria-current="step"' in html
    assert 'hx-post="' in html and 'role="status"' in html
    assert 'src="/static/js/attempt.js"' in html


def test_an_unknown_step_shows_the_first_question(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _started(make_quiz, student)
    client = login(student)

    for step in ("0", "6", "x", "-1", "１"):
        assert "Question 1 of 5" in client.get(_url(attempt, step)).content.decode()


def test_the_summary_lists_what_is_answered_and_offers_submitting(
    login: Login, student: User, make_quiz: MakeQuiz, quiz_bank: Bank
) -> None:
    attempt = _started(make_quiz, student)
    attempt_answer(
        attempt=attempt, question=quiz_bank.questions.get(key="quiz-tf"), given="True", now=NOW
    )

    html = login(student).get(_url(attempt, "end")).content.decode()

    assert "You answered 1 of 5 questions. Unanswered questions count as wrong." in html
    assert reverse("attempt_submit", args=[attempt.pk]) in html
    assert "Submit my answers" in html


def test_a_submitted_attempt_sends_the_student_to_the_result(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _started(make_quiz, student)
    attempt_submit(attempt=attempt, now=NOW)

    response = login(student).get(_url(attempt))

    assert response.status_code == 302
    assert response["Location"] == reverse("attempt_result", args=[attempt.pk])


def test_past_the_time_limit_the_page_closes_the_attempt_and_shows_the_result(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = _started(make_quiz, student)
    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(minutes=31))

    response = login(student).get(_url(attempt), follow=True)

    attempt.refresh_from_db()
    assert attempt.closed_by_deadline
    assert response.redirect_chain[-1][0] == reverse("attempt_result", args=[attempt.pk])
    assert "Time is up" in response.content.decode()


def test_script_in_question_text_and_options_is_escaped(
    login: Login, student: User, make_quiz: MakeQuiz, quiz_bank: Bank
) -> None:
    quiz_bank.questions.filter(key="quiz-mcq").update(
        prompt="<script>alert('prompt')</script>",
        choices=["<img src=x onerror=alert(1)>", "Crow-Fukase syndrome", "Gout", "Asthma"],
    )
    attempt = _started(make_quiz, student)
    client = login(student)

    html = client.get(_url(attempt, _step(attempt, "quiz-mcq"))).content.decode()
    summary = client.get(_url(attempt, "end")).content.decode()

    for page in (html, summary):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#x27;prompt&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in html
    assert 'value="&lt;img src=x onerror=alert(1)&gt;"' in html


# --- Nothing gives an answer away ------------------------------------------------------------

RIGHT = {
    "quiz-typed": "Polyneuropathy",
    "quiz-mcq": "Crow-Fukase syndrome",
    "quiz-tf": "True",
    "quiz-cloze": "300 to 300,000 people",
    "quiz-match": json.dumps([["Biopsy", "plasma cells"], ["X-ray", "bone lesions"]]),
}
WRONG = {
    "quiz-typed": "Plasma cells",
    "quiz-mcq": "Gout",
    "quiz-tf": "False",
    "quiz-cloze": "3000 people",
    "quiz-match": json.dumps([["Biopsy", "bone lesions"], ["X-ray", "plasma cells"]]),
}
ECHOES = {"quiz-mcq": 1, "quiz-tf": 1, "quiz-match": 2}  # `checked` / `selected` attributes


def _page_with_answer(client: Client, attempt: Attempt, key: str, given: str) -> str:
    question = Question.objects.get(key=key)
    attempt_answer(attempt=attempt, question=question, given=given, now=NOW)
    return client.get(_url(attempt, _step(attempt, key))).content.decode()


# Fresh on every response by design: the CSRF token's mask and the CSP nonce.
PER_RESPONSE = re.compile(r'(csrfmiddlewaretoken" value=|X-CSRFToken": |nonce=)"[^"]+"')


def _stable(html: str) -> str:
    return PER_RESPONSE.sub(r"\1", html)


def _without_echo(html: str, key: str, given: str) -> str:
    """The page minus what differs by design: per-response tokens and the student's answer."""
    html = _stable(html)
    if key in ECHOES:
        assert html.count(" checked") + html.count(" selected") == ECHOES[key]
        return html.replace(" checked", "").replace(" selected", "")
    echo = f'value="{escape(given)}"'
    assert html.count(echo) == 1
    return html.replace(echo, 'value=""')


@pytest.mark.parametrize("key", sorted(RIGHT))
def test_the_page_is_the_same_with_a_right_or_a_wrong_answer_saved(
    login: Login, student: User, make_quiz: MakeQuiz, key: str
) -> None:
    attempt = _started(make_quiz, student)
    client = login(student)

    right = _page_with_answer(client, attempt, key, RIGHT[key])
    wrong = _page_with_answer(client, attempt, key, WRONG[key])

    assert _without_echo(right, key, RIGHT[key]) == _without_echo(wrong, key, WRONG[key])


def test_every_option_saved_in_turn_gives_the_same_page(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _started(make_quiz, student)
    client = login(student)
    options = ["Lupus", "Crow-Fukase syndrome", "Gout", "Asthma"]

    pages = {
        _without_echo(_page_with_answer(client, attempt, "quiz-mcq", option), "quiz-mcq", option)
        for option in options
    }

    assert len(pages) == 1


@pytest.mark.parametrize("key", ["quiz-typed", "quiz-cloze"])
def test_a_typed_answer_appears_only_as_the_students_own_answer(
    login: Login, student: User, make_quiz: MakeQuiz, key: str
) -> None:
    attempt = _started(make_quiz, student)
    client = login(student)
    question = Question.objects.get(key=key)
    secrets = {question.answer, *question.accepted_answers}

    wrong = _page_with_answer(client, attempt, key, WRONG[key])
    right = _page_with_answer(client, attempt, key, RIGHT[key])

    assert not any(secret.lower() in wrong.lower() for secret in secrets)
    assert right.lower().count(RIGHT[key].lower()) == 1  # the echo in the text box, only


def test_no_page_of_an_attempt_holds_a_source_sentence_or_an_answer_key(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _started(make_quiz, student)
    client = login(student)
    questions = Question.objects.filter(pk__in=attempt.question_ids)

    pages = [client.get(_url(attempt, step)).content.decode() for step in [1, 2, 3, 4, 5, "end"]]

    for question in questions:
        for page in pages:
            assert question.source_quote not in page
            if question.type != "mcq" and question.type != "true_false":
                assert question.answer not in page


# The same questions with another answer key: what a page shows must not change with it.
OTHER_KEY = {
    "quiz-typed": {"answer": "Organomegaly", "accepted_answers": ["organomegaly"]},
    "quiz-mcq": {"answer": "Gout"},
    "quiz-tf": {"answer": "False"},
    "quiz-cloze": {"answer": "3000 people", "accepted_answers": ["3000 people"]},
    "quiz-match": {"pairs": [["Biopsy", "bone lesions"], ["X-ray", "plasma cells"]]},
}


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("key", sorted(OTHER_KEY))
def test_the_page_does_not_change_when_the_right_answer_does(
    login: Login, student: User, make_quiz: MakeQuiz, quiz_bank: Bank, key: str, shuffle: bool
) -> None:
    """Render-per-answer cannot catch a mark on the right option (it is on every render);
    this can: the right answer moves, and the page must stay byte for byte the same."""
    attempt = _started(make_quiz, student, shuffle=shuffle)
    client = login(student)
    step = _step(attempt, key)
    pages = []
    for answer_key in ({}, OTHER_KEY[key]):
        if answer_key:
            quiz_bank.questions.filter(key=key).update(**answer_key)
        pages.append(_stable(client.get(_url(attempt, step)).content.decode()))
        pages.append(_stable(client.get(_url(attempt, "end")).content.decode()))

    assert pages[0] == pages[2]
    assert pages[1] == pages[3]


# --- Cost ------------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_take_page_costs_a_fixed_number_of_queries_whatever_the_attempts_length(
    login: Login,
    student: User,
    make_quiz: MakeQuiz,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    big_bank = make_bank(
        slug="big",
        questions=[
            make_question(f"big-{n}", type="true_false", choices=["True", "False"], answer="True")
            for n in range(40)
        ],
    )
    small = _started(make_quiz, student)
    big = _started(make_quiz, student, bank=big_bank, question_count=40)
    for question in Question.objects.filter(pk__in=big.question_ids[:30]):
        attempt_answer(attempt=big, question=question, given="True", now=NOW)
    client = login(student)
    client.get(_url(small))  # the session and settings rows exist from here on

    with django_assert_max_num_queries(TAKE_PAGE_QUERIES):
        client.get(_url(small, 3))
    assert _queries(client, _url(big, 3)) == _queries(client, _url(small, 3))
    assert _queries(client, _url(big, "end")) == _queries(client, _url(small, "end"))
