"""/banks/<slug>/questions/new/: an instructor writes a question by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Bank, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeBank = Callable[..., Bank]

VALID = {
    "type": "mcq",
    "category": "treatments",
    "prompt": "Which treatment targets the plasma cells?",
    "answer": "Chemotherapy",
    "choices": "Chemotherapy\nAntibiotics\nPhysiotherapy",
    "source_quote": "Chemotherapy treats the abnormal plasma cells.",
    "section": "Treatment",
}


def _url(bank: Bank) -> str:
    return reverse("question_new", args=[bank.slug])


def _written(bank: Bank) -> list[Question]:
    return list(bank.questions.filter(key__startswith="manual-"))


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_bank: MakeBank) -> None:
    bank = make_bank()

    response = client.post(_url(bank), VALID)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not _written(bank)


def test_a_student_gets_a_404(login: Login, student: User, make_bank: MakeBank) -> None:
    bank = make_bank()

    assert login(student).get(_url(bank)).status_code == 404
    assert login(student).post(_url(bank), VALID).status_code == 404
    assert not _written(bank)


def test_another_instructors_bank_is_a_404(
    login: Login, instructor: User, other_instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=other_instructor)

    assert login(instructor).get(_url(bank)).status_code == 404
    assert login(instructor).post(_url(bank), VALID).status_code == 404
    assert not _written(bank)


def test_the_form_offers_every_type_and_category(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    response = login(instructor).get(_url(make_bank(owner=instructor)))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_type">Type:</label>' in html
    assert '<option value="matching">Matching</option>' in html
    assert '<option value="prognosis">Prognosis</option>' in html


@pytest.mark.parametrize("owner", ["instructor", None], ids=["own bank", "site bank"])
def test_an_instructor_writes_a_question_that_appears_on_the_bank_page(
    owner: str | None,
    request: pytest.FixtureRequest,
    login: Login,
    instructor: User,
    make_bank: MakeBank,
) -> None:
    bank = make_bank(owner=request.getfixturevalue(owner) if owner else None)
    client = login(instructor)

    response = client.post(_url(bank), VALID)

    [question] = _written(bank)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{question.pk}")
    assert question.choices == ["Chemotherapy", "Antibiotics", "Physiotherapy"]
    assert question.edited_by == instructor
    html = client.get(reverse("bank_detail", args=[bank.slug])).content.decode()
    assert "Which treatment targets the plasma cells?" in html


def test_an_invalid_question_comes_back_with_messages_at_status_200(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)
    data = {**VALID, "type": "cloze", "choices": "", "source_quote": ""}

    response = login(instructor).post(_url(bank), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert "This field is required." in html  # the source sentence
    assert not _written(bank)


def test_a_cloze_prompt_without_a_blank_is_refused(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)
    data = {**VALID, "type": "cloze", "choices": ""}

    response = login(instructor).post(_url(bank), data)

    assert "A fill-in-the-blank prompt needs a blank" in response.content.decode()
    assert not _written(bank)


def test_it_refuses_other_methods_with_405(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    assert login(instructor).put(_url(make_bank(owner=instructor))).status_code == 405


def test_a_post_without_a_csrf_token_is_refused(instructor: User, make_bank: MakeBank) -> None:
    bank = make_bank(owner=instructor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_url(bank), VALID).status_code == 403
    assert not _written(bank)


def test_script_in_the_bank_title_is_escaped(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor, title="<script>alert(1)</script>")

    html = login(instructor).get(_url(bank)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
