"""The bank page: answers hidden until asked, search over prompts and answers, pages of 25,
and no reserve question for readers."""

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
    return reverse("bank_detail", args=[bank.slug])


def _prompts(html: str) -> list[str]:
    return re.findall(r'<h3 class="prompt">(.*?)</h3>', html)


def _many(make_bank: MakeBank, make_question: MakeQuestion, count: int) -> Bank:
    return make_bank(
        questions=[make_question(f"q{n:02}", prompt=f"Question {n:02}?") for n in range(count)]
    )


def test_answers_are_hidden_in_a_closed_disclosure_until_asked(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    html = login(student).get(_url(make_bank())).content.decode()

    disclosures = re.findall(r"<details[^>]*>.*?</details>", html, re.S)
    assert len(disclosures) == 5
    assert all(d.startswith('<details class="reveal">') for d in disclosures)
    # Every answer, source sentence and pair is inside one; the prompts are outside.
    outside = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    assert "Answer for" not in outside
    assert "The article sentence behind" not in outside
    assert "pair-left" not in outside
    assert "Prompt for syn-1?" in outside
    assert '<summary>Answer<span class="visually-hidden"> to “Prompt for syn-1?”</span>' in html


def test_show_all_answers_opens_every_one_and_keeps_the_filters(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank()
    client = login(student)

    hidden = client.get(_url(bank), {"category": "symptoms"}).content.decode()
    toggle = re.search(r'<a href="([^"]+)">Show all answers</a>', hidden)
    assert toggle is not None
    link = toggle.group(1).replace("&amp;", "&")
    assert link == "?category=symptoms&answers=shown"

    shown = client.get(_url(bank) + link).content.decode()

    assert shown.count('<details class="reveal" open>') == 2
    assert "Hide the answers" in shown
    assert '<input type="hidden" name="answers" value="shown">' in shown


def test_search_finds_prompts_and_answers_ignoring_case(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = make_bank(
        questions=[
            make_question("a", prompt="Which nerve is damaged?", answer="Peripheral"),
            make_question("b", prompt="What grows?", answer="The SPLEEN"),
            make_question("c", prompt="What else?", answer="Skin changes"),
        ]
    )
    client = login(student)

    assert _prompts(client.get(_url(bank), {"q": "NERVE"}).content.decode()) == [
        "Which nerve is damaged?"
    ]
    found = client.get(_url(bank), {"q": "spleen"}).content.decode()
    assert _prompts(found) == ["What grows?"]
    assert "1 question<" in found
    assert 'value="spleen"' in found


def test_search_text_is_taken_literally(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = make_bank(
        questions=[
            make_question("a", prompt="Over 50% of people?"),
            make_question("b", prompt="Over 50 people?"),
        ]
    )

    html = login(student).get(_url(bank), {"q": "50%"}).content.decode()

    assert _prompts(html) == ["Over 50% of people?"]


def test_a_search_that_finds_nothing_says_so(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    html = login(student).get(_url(make_bank()), {"q": "no such words"}).content.decode()

    assert "0 questions" in html
    assert "No questions match these filters." in html


def test_a_nul_in_the_search_is_refused_before_the_view(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    # The one mechanism for characters no database stores: learning/middleware.py.
    response = login(student).get(_url(make_bank()), {"q": "nerve\x00"})

    assert response.status_code == 400


@pytest.mark.parametrize(("text", "message"), [("x" * 201, "at most 200 characters")])
def test_bad_search_text_gets_a_clear_error_and_the_whole_list(
    login: Login, student: User, make_bank: MakeBank, text: str, message: str
) -> None:
    response = login(student).get(_url(make_bank()), {"q": text})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "5 questions" in html


def test_a_bank_is_shown_25_questions_a_page_with_a_link_to_the_next(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = _many(make_bank, make_question, 60)

    html = login(student).get(_url(bank)).content.decode()

    assert _prompts(html) == [f"Question {n:02}?" for n in range(25)]
    assert "60 questions" in html
    assert "Page 1 of 3" in html
    assert 'href="?page=2" rel="next"' in html
    assert 'rel="prev"' not in html


def test_page_links_keep_the_filters_search_and_answers(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = _many(make_bank, make_question, 60)
    query = {"category": "symptoms", "q": "question", "answers": "shown", "page": "2"}

    html = login(student).get(_url(bank), query).content.decode()

    assert _prompts(html) == [f"Question {n:02}?" for n in range(25, 50)]
    assert "<title>POEMS Syndrome · Page 2 · Quizsite</title>" in html
    prev_link = 'href="?category=symptoms&amp;q=question&amp;answers=shown&amp;page=1" rel="prev"'
    next_link = 'href="?category=symptoms&amp;q=question&amp;answers=shown&amp;page=3" rel="next"'
    assert prev_link in html
    assert next_link in html


@pytest.mark.parametrize(("page", "first"), [("99", 50), ("two", 0), ("-1", 50)])
def test_a_page_number_out_of_range_or_not_a_number_still_shows_a_page(
    login: Login,
    student: User,
    make_bank: MakeBank,
    make_question: MakeQuestion,
    page: str,
    first: int,
) -> None:
    bank = _many(make_bank, make_question, 60)

    response = login(student).get(_url(bank), {"page": page})

    assert response.status_code == 200
    assert _prompts(response.content.decode())[0] == f"Question {first:02}?"


def test_a_category_stays_together_across_pages(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    # Written in alternating order; the page lists them category by category.
    bank = make_bank(
        questions=[
            make_question(f"q{n:02}", category="tests" if n % 2 else "symptoms") for n in range(30)
        ]
    )

    first = login(student).get(_url(bank)).content.decode()

    assert first.count('<h2 id="category-') == 2
    assert '<h2 id="category-symptoms">Symptoms</h2>' in first
    # The tests heading counts all 15 tests questions though only 10 are on this page.
    tests = first.split('<h2 id="category-tests">Tests</h2>', 1)[1]
    assert tests.lstrip().startswith('<p class="meta category-count">15 questions</p>')
    assert tests.count('<li class="question') == 10


def test_readers_never_see_a_reserve_question_or_the_reserve(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    bank = make_bank(
        questions=[
            make_question("kept", prompt="Kept?"),
            make_question("held", prompt="Held back?", reserve=True, quality=0.1),
            make_question("demoted", prompt="Demoted?"),
        ]
    )
    bank.questions.filter(key="demoted").update(reserve_choice=True)

    html = login(student).get(_url(bank)).content.decode()

    assert _prompts(html) == ["Kept?"]
    assert "1 question<" in html
    assert reverse("bank_reserve", args=[bank.slug]) not in html
    assert "Quality" not in html


def test_the_bank_list_and_study_home_count_only_active_questions(
    login: Login, student: User, make_bank: MakeBank, make_question: MakeQuestion
) -> None:
    make_bank(
        questions=[
            make_question("kept"),
            make_question("held", reserve=True),
            make_question("promoted", reserve=True),
        ]
    )
    Bank.objects.get().questions.filter(key="promoted").update(reserve_choice=False)
    client = login(student)

    banks = client.get(reverse("bank_list")).content.decode()
    study = client.get(reverse("study_home")).content.decode()

    assert "2 questions" in banks and "3 questions" not in banks
    assert "2 questions" in study and "3 questions" not in study
