from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from learning.models import Bank

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["bank", "question"])
def test_the_changelists_load_with_their_filters(
    admin_client: Client, make_bank: Callable[..., Bank], model: str
) -> None:
    make_bank()

    response = admin_client.get(reverse(f"admin:learning_{model}_changelist"), {"q": "POEMS"})

    assert response.status_code == 200


def test_editing_a_question_in_the_admin_marks_it_edited(
    admin_client: Client, make_bank: Callable[..., Bank]
) -> None:
    question = make_bank().questions.get(key="sym-1")
    url = reverse("admin:learning_question_change", args=[question.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(
        accepted_answers="[]", choices='["True", "False"]', pairs="[]", prompt="Hand-fixed prompt"
    )
    data = {name: "" if value is None else value for name, value in data.items()}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt == "Hand-fixed prompt"
    assert question.edited_at is not None
    assert question.edited_by is not None and question.edited_by.username == "admin"
