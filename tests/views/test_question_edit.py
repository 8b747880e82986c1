"""/banks/<slug>/questions/<pk>/edit/: an instructor reviews and rewrites a question."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftBank
from learning.models import Bank, Question
from learning.services.imports import bank_import

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeBank = Callable[..., Bank]


def _url(question: Question) -> str:
    return reverse("question_edit", args=[question.bank.slug, question.pk])


def _form(question: Question, **changes: str) -> dict[str, str]:
    """What the edit page posts back untouched, with `changes` applied."""
    data = {
        "category": question.category,
        "prompt": question.prompt,
        "answer": question.answer,
        "accepted_answers": "\n".join(question.accepted_answers),
        "choices": "\n".join(question.choices),
        "pairs": "\n".join(f"{left} = {right}" for left, right in question.pairs),
        "source_quote": question.source_quote,
        "section": question.section,
    }
    data.update(changes)
    return data


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_bank: MakeBank) -> None:
    question = make_bank().questions.first()

    response = client.get(_url(question))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_student_gets_a_404_even_on_their_own_bank(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    for bank in (make_bank(), make_bank(owner=student)):
        question = bank.questions.first()
        assert login(student).get(_url(question)).status_code == 404
        assert login(student).post(_url(question), _form(question)).status_code == 404


def test_another_instructors_bank_is_a_404(
    login: Login, instructor: User, other_instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=other_instructor).questions.get(key="acr-1")

    assert login(instructor).get(_url(question)).status_code == 404
    response = login(instructor).post(_url(question), _form(question, prompt="Mine now"))
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.prompt == "Prompt for acr-1?"


def test_a_question_of_another_bank_is_a_404(
    login: Login, instructor: User, other_instructor: User, make_bank: MakeBank
) -> None:
    mine = make_bank(owner=instructor)
    theirs = make_bank(owner=other_instructor).questions.first()

    url = reverse("question_edit", args=[mine.slug, theirs.pk])

    assert login(instructor).get(url).status_code == 404


@pytest.mark.parametrize("owned", [True, False], ids=["own bank", "site bank"])
def test_an_instructor_reads_the_form_filled_in_for_their_own_or_a_site_bank(
    owned: bool, login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor if owned else None, is_published=not owned)
    question = bank.questions.get(key="tst-1")

    response = login(instructor).get(_url(question))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Prompt for tst-1?" in html
    assert "Biopsy = plasma cells\nX-ray = bone lesions</textarea>" in html
    assert '<label for="id_category">Category:</label>' in html
    assert 'name="type"' not in html  # a question keeps its type


def test_saving_changes_the_question_and_marks_it_edited(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=instructor).questions.get(key="acr-1")

    response = login(instructor).post(
        _url(question),
        _form(
            question,
            prompt="What does the P in POEMS stand for?",
            answer="Polyneuropathy",
            accepted_answers="polyneuropathy\n\n nerve damage \n",
            category="acronym",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('bank_detail', args=[question.bank.slug])}#question-{question.pk}"
    )
    question.refresh_from_db()
    assert question.prompt == "What does the P in POEMS stand for?"
    assert question.answer == "Polyneuropathy"
    assert question.accepted_answers == ["polyneuropathy", "nerve damage"]
    assert question.edited_by == instructor and question.edited_at is not None


def test_options_and_pairs_are_read_one_per_line(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)
    mcq = bank.questions.get(key="syn-1")
    matching = bank.questions.get(key="tst-1")
    client = login(instructor)

    client.post(
        _url(mcq), _form(mcq, choices="Lupus\nCrow-Fukase\n Takatsuki ", answer="Crow-Fukase")
    )
    client.post(_url(matching), _form(matching, pairs="Biopsy = cells\nX-ray=bone\nCT = a = b"))

    mcq.refresh_from_db()
    matching.refresh_from_db()
    assert mcq.choices == ["Lupus", "Crow-Fukase", "Takatsuki"]
    assert matching.pairs == [["Biopsy", "cells"], ["X-ray", "bone"], ["CT", "a = b"]]


def test_an_mcq_answer_outside_its_options_comes_back_with_a_message_at_status_200(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=instructor).questions.get(key="syn-1")

    response = login(instructor).post(
        _url(question), _form(question, choices="Lupus\nGout", answer="Asthma", prompt="Changed?")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The answer must be one of the options" in html
    assert "Nothing was saved" in html
    assert "Changed?" in html  # what was typed stays in the form
    question.refresh_from_db()
    assert question.prompt == "Prompt for syn-1?" and question.edited_at is None


def test_a_pair_line_without_an_equals_sign_is_refused(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=instructor).questions.get(key="tst-1")

    response = login(instructor).post(_url(question), _form(question, pairs="Biopsy cells\nA = B"))

    assert response.status_code == 200
    assert "Line 1 needs an item, an equals sign and its match" in response.content.decode()
    question.refresh_from_db()
    assert question.pairs == [["Biopsy", "plasma cells"], ["X-ray", "bone lesions"]]


def test_it_refuses_other_methods_with_405(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    question = make_bank(owner=instructor).questions.first()

    assert login(instructor).put(_url(question)).status_code == 405


def test_a_post_without_a_csrf_token_is_refused(instructor: User, make_bank: MakeBank) -> None:
    question = make_bank(owner=instructor).questions.get(key="acr-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_url(question), _form(question, prompt="No token")).status_code == 403
    question.refresh_from_db()
    assert question.prompt == "Prompt for acr-1?"


def test_script_in_a_question_is_escaped_on_the_edit_page_and_the_bank_page(
    login: Login, instructor: User, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)
    question = bank.questions.get(key="acr-1")
    attack = "<script>alert('q')</script>"
    login(instructor).post(_url(question), _form(question, prompt=attack, answer=attack))

    for user in (instructor, student):
        client = login(user)
        pages = [client.get(reverse("bank_detail", args=[bank.slug])).content.decode()]
        if user == instructor:
            pages.append(client.get(_url(question)).content.decode())
        for html in pages:
            assert attack not in html
            assert "&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt;" in html


def test_an_edit_made_on_this_page_survives_reimporting_the_article(
    login: Login, instructor: User, make_draft: Callable[..., DraftBank]
) -> None:
    draft = make_draft()
    bank = bank_import(
        draft=draft, source_text="text", source_filename="a.txt", owner=instructor
    ).bank
    question = bank.questions.get(key="syn-1")
    login(instructor).post(
        _url(question),
        _form(
            question,
            prompt="Another name?",
            choices="Crow-Fukase syndrome\nGout",
            answer="Crow-Fukase syndrome",
        ),
    )

    report = bank_import(draft=draft, source_text="text", source_filename="a.txt", owner=instructor)

    question.refresh_from_db()
    assert question.prompt == "Another name?"
    assert question.choices == ["Crow-Fukase syndrome", "Gout"]
    assert report.kept_edited == 1
    assert question.edited_at is not None


@pytest.mark.parametrize(("key", "page"), [("s24", ""), ("s25", "?page=2"), ("t0", "?page=2")])
def test_saving_returns_to_the_page_the_question_is_on(
    login: Login,
    instructor: User,
    make_bank: MakeBank,
    make_question: Callable[..., object],
    key: str,
    page: str,
) -> None:
    # Tests come after symptoms in the catalogue, though written first: t0 is the 31st.
    bank = make_bank(
        owner=instructor,
        questions=[make_question(f"t{n}", category="tests") for n in range(10)]
        + [make_question(f"s{n}") for n in range(30)],
    )
    question = bank.questions.get(key=key)

    response = login(instructor).post(_url(question), _form(question, prompt="Reworded?"))

    detail = reverse("bank_detail", args=[bank.slug])
    assert response["Location"] == f"{detail}{page}#question-{question.pk}"
    assert "Reworded?" in login(instructor).get(response["Location"]).content.decode()


def test_saving_a_reserve_question_returns_to_the_reserve(
    login: Login, instructor: User, make_bank: MakeBank, make_question: Callable[..., object]
) -> None:
    bank = make_bank(owner=instructor, questions=[make_question("held", reserve=True)])
    question = bank.questions.get()

    response = login(instructor).post(_url(question), _form(question, prompt="Better now?"))

    reserve = reverse("bank_reserve", args=[bank.slug])
    assert response["Location"] == f"{reserve}#question-{question.pk}"
