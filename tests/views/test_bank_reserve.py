"""/banks/<slug>/reserve/: the questions held back, with their scores, for the bank's editors."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftQuestion
from learning.models import Bank

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeBank = Callable[..., Bank]
MakeQuestion = Callable[..., DraftQuestion]


def _url(bank: Bank) -> str:
    return reverse("bank_reserve", args=[bank.slug])


@pytest.fixture
def reserve_bank(make_bank: MakeBank, make_question: MakeQuestion, instructor: User) -> Bank:
    """The instructor's bank: two active questions, two in the generator's reserve."""
    return make_bank(
        owner=instructor,
        questions=[
            make_question("kept", prompt="Kept?", quality=0.9),
            make_question(
                "vague",
                prompt="This is called _____?",
                type="cloze",
                reserve=True,
                quality=0.25,
                reasons=["needs a missing referent", "blank on a generic word"],
            ),
            make_question("other", prompt="Also kept?"),
            make_question(
                "dup", prompt="Twice asked?", category="tests", reserve=True, quality=0.4
            ),
        ],
    )


def _prompts(html: str) -> list[str]:
    return re.findall(r'<h3 class="prompt">(.*?)</h3>', html)


def test_it_redirects_anonymous_users_to_log_in(client: Client, reserve_bank: Bank) -> None:
    response = client.get(_url(reserve_bank))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student", "other_instructor"])
def test_anyone_but_an_editor_gets_a_404(
    who: str, request: pytest.FixtureRequest, login: Login, reserve_bank: Bank
) -> None:
    response = login(request.getfixturevalue(who)).get(_url(reserve_bank))

    assert response.status_code == 404
    assert "This is called" not in response.content.decode()


def test_another_users_draft_bank_is_a_404(
    login: Login, other_instructor: User, reserve_bank: Bank
) -> None:
    Bank.objects.filter(pk=reserve_bank.pk).update(is_published=False)

    assert login(other_instructor).get(_url(reserve_bank)).status_code == 404


def test_the_editor_sees_only_the_reserve_with_each_score_and_its_reasons(
    login: Login, instructor: User, reserve_bank: Bank
) -> None:
    html = login(instructor).get(_url(reserve_bank)).content.decode()

    assert _prompts(html) == ["This is called _____?", "Twice asked?"]
    assert "2 questions in the reserve" in html
    vague = html.split("This is called _____?", 1)[1].split('<li class="question', 1)[0]
    assert "Quality: 0.25" in vague
    assert "<li>needs a missing referent</li><li>blank on a generic word</li>" in vague
    assert 'name="action" value="promote"' in vague
    assert "<title>POEMS Syndrome · Reserve · Quizsite</title>" in html


def test_both_tabs_show_their_counts_and_which_one_is_open(
    login: Login, instructor: User, reserve_bank: Bank
) -> None:
    client = login(instructor)

    active = client.get(reverse("bank_detail", args=[reserve_bank.slug])).content.decode()
    reserve = client.get(_url(reserve_bank)).content.decode()

    detail_url = reverse("bank_detail", args=[reserve_bank.slug])
    assert f'<a href="{detail_url}" aria-current="page">Active questions (2)</a>' in active
    assert f'<a href="{_url(reserve_bank)}">Reserve (2)</a>' in active
    assert f'<a href="{_url(reserve_bank)}" aria-current="page">Reserve (2)</a>' in reserve
    assert _prompts(active) == ["Kept?", "Also kept?"]
    assert active.count('name="action" value="demote"') == 2


def test_a_site_banks_reserve_is_open_to_every_instructor(
    login: Login, other_instructor: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = make_bank(questions=[make_question("held", prompt="Held?", reserve=True)])

    response = login(other_instructor).get(_url(bank))

    assert response.status_code == 200
    assert _prompts(response.content.decode()) == ["Held?"]


def test_the_reserve_filters_searches_and_answers_an_htmx_request_with_the_list(
    login: Login, instructor: User, reserve_bank: Bank
) -> None:
    response = login(instructor).get(
        _url(reserve_bank), {"category": "tests", "q": "twice"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert "<html" not in html
    assert _prompts(html) == ["Twice asked?"]
    assert '<p id="questions-count" hx-swap-oob="innerHTML">1 question in the reserve</p>' in html


def test_an_empty_reserve_says_so(
    login: Login, instructor: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = make_bank(owner=instructor, questions=[make_question("kept")])

    html = login(instructor).get(_url(bank)).content.decode()

    assert "Nothing is in the reserve." in html


def test_it_refuses_post(login: Login, instructor: User, reserve_bank: Bank) -> None:
    assert login(instructor).post(_url(reserve_bank)).status_code == 405
