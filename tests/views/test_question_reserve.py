"""/banks/<slug>/questions/<pk>/reserve/ (POST): promote a question from the reserve, or send
one there; by htmx in place, or by a plain form and a redirect back to the same list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftQuestion
from learning.models import Bank, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeBank = Callable[..., Bank]
MakeQuestion = Callable[..., DraftQuestion]


def _bank(make_bank: MakeBank, make_question: MakeQuestion, owner: User | None) -> Bank:
    return make_bank(
        owner=owner,
        questions=[
            make_question("kept", prompt="Kept?"),
            make_question("held", prompt="Held back?", reserve=True, quality=0.3),
        ],
    )


def _url(question: Question) -> str:
    return reverse("question_reserve", args=[question.bank.slug, question.pk])


def _in_reserve(question: Question) -> bool:
    return Question.objects.get(pk=question.pk).in_reserve


@pytest.fixture
def held(make_bank: MakeBank, make_question: MakeQuestion, instructor: User) -> Question:
    return _bank(make_bank, make_question, instructor).questions.get(key="held")


def test_it_redirects_anonymous_users_to_log_in(client: Client, held: Question) -> None:
    response = client.post(_url(held), {"action": "promote"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _in_reserve(held)


def test_a_student_gets_a_404(login: Login, student: User, held: Question) -> None:
    assert login(student).post(_url(held), {"action": "promote"}).status_code == 404
    assert _in_reserve(held)


def test_another_instructors_bank_is_a_404(
    login: Login, other_instructor: User, held: Question
) -> None:
    assert login(other_instructor).post(_url(held), {"action": "promote"}).status_code == 404
    assert _in_reserve(held)


def test_a_question_of_another_bank_is_a_404(
    login: Login, instructor: User, held: Question, make_bank: MakeBank
) -> None:
    mine = make_bank(owner=instructor)
    url = reverse("question_reserve", args=[mine.slug, held.pk])

    assert login(instructor).post(url, {"action": "promote"}).status_code == 404
    assert _in_reserve(held)


def test_get_is_not_allowed(login: Login, instructor: User, held: Question) -> None:
    assert login(instructor).get(_url(held)).status_code == 405


def test_it_needs_the_csrf_token(instructor: User, held: Question) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_url(held), {"action": "promote"}).status_code == 403
    assert _in_reserve(held)


@pytest.mark.parametrize("action", ["", "delete", "PROMOTE"])
def test_an_unknown_action_is_a_400_and_changes_nothing(
    login: Login, instructor: User, held: Question, action: str
) -> None:
    response = login(instructor).post(_url(held), {"action": action})

    assert response.status_code == 400
    assert response.content.decode() == "action: must be promote or demote"
    assert Question.objects.get(pk=held.pk).reserve_choice is None


def test_promoting_without_javascript_returns_to_the_same_list_with_a_message(
    login: Login, instructor: User, student: User, held: Question
) -> None:
    back = reverse("bank_reserve", args=[held.bank.slug]) + "?category=symptoms&page=1"
    client = login(instructor)

    response = client.post(_url(held), {"action": "promote", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert not _in_reserve(held)
    page = client.get(back).content.decode()
    assert "Question promoted: students see it now." in page
    student_page = login(student).get(reverse("bank_detail", args=[held.bank.slug]))
    assert "Held back?" in student_page.content.decode()


def test_demoting_takes_the_question_away_from_students(
    login: Login, instructor: User, student: User, held: Question
) -> None:
    kept = held.bank.questions.get(key="kept")

    response = login(instructor).post(_url(kept), {"action": "demote"})

    assert response["Location"] == reverse("bank_detail", args=[held.bank.slug])
    assert _in_reserve(kept)
    student_page = login(student).get(reverse("bank_detail", args=[held.bank.slug]))
    assert "Kept?" not in student_page.content.decode()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/banks/", "/progress/", "/banks/other-bank/"],
)
def test_it_never_redirects_outside_this_banks_lists(
    login: Login, instructor: User, held: Question, target: str
) -> None:
    response = login(instructor).post(_url(held), {"action": "promote", "next": target})

    assert response["Location"] == reverse("bank_detail", args=[held.bank.slug])


def test_an_htmx_promotion_swaps_in_the_outcome_with_an_undo(
    login: Login, instructor: User, held: Question
) -> None:
    back = reverse("bank_reserve", args=[held.bank.slug]) + "?q=held"

    response = login(instructor).post(
        _url(held), {"action": "promote", "next": back}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(
        f'<li class="question question-placed" id="question-{held.pk}">'
    )
    assert "“Held back?” is now active: students see it." in html
    assert 'name="action" value="demote"' in html
    assert f'name="next" value="{back}"' in html
    assert " autofocus>Undo<" in html
    assert '<p id="questions-note" hx-swap-oob="innerHTML">Question promoted.</p>' in html
    assert not _in_reserve(held)


def test_undo_sends_it_back_and_a_reimport_would_keep_it_there(
    login: Login, instructor: User, held: Question
) -> None:
    client = login(instructor)
    client.post(_url(held), {"action": "promote"}, headers={"HX-Request": "true"})

    response = client.post(_url(held), {"action": "demote"}, headers={"HX-Request": "true"})

    assert "is now in the reserve: students no longer see it." in response.content.decode()
    question = Question.objects.get(pk=held.pk)
    assert (question.in_reserve, question.reserve_choice) == (True, True)
    assert question.reserve_chosen_by == instructor
    assert question.edited_at is None


def test_a_site_banks_question_can_be_promoted_by_any_instructor(
    login: Login,
    other_instructor: User,
    make_bank: MakeBank,
    make_question: MakeQuestion,
) -> None:
    held = _bank(make_bank, make_question, None).questions.get(key="held")

    response = login(other_instructor).post(_url(held), {"action": "promote"})

    assert response.status_code == 302
    assert not _in_reserve(held)
