"""Password reset: Django's views with our templates, from the email to logging in again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.tasks import task_backends
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-pass-9"


@pytest.fixture
def sam(student: User) -> User:
    student.email = "sam@example.org"
    student.save()
    return student


def _reset_link(client: Client, email: str) -> str:
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    match = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_the_login_page_links_to_the_reset_page(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}"' in html


def test_the_reset_page_has_a_labelled_email_field(client: Client) -> None:
    response = client.get(reverse("password_reset"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_email">Email:</label>' in html
    assert "<title>Reset your password · Quizsite</title>" in html


def test_a_known_address_gets_one_email_with_a_link(client: Client, sam: User) -> None:
    _reset_link(client, "sam@example.org")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.org"]
    assert mail.outbox[0].subject == "Reset your Quizsite password"
    assert "Hello sam," in mail.outbox[0].body


def test_an_unknown_address_sees_the_same_page_and_no_email_goes_out(client: Client) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_the_link_sets_a_new_password_that_logs_in(client: Client, sam: User) -> None:
    link = _reset_link(client, "sam@example.org")

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Password changed" in response.content.decode()
    assert Client().login(username="sam", password=NEW_PASSWORD)


def test_a_used_link_no_longer_works(client: Client, sam: User) -> None:
    link = _reset_link(client, "sam@example.org")
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = Client().get(link, follow=True)

    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_an_email_given_at_sign_up_is_kept_for_resets(client: Client) -> None:
    client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "password1": "pa55-word-long!",
            "password2": "pa55-word-long!",
        },
    )

    assert User.objects.get(username="newbie").email == "newbie@example.org"


@pytest.mark.parametrize("email", ["sam@example.org", "nobody@example.org"])
def test_the_page_only_queues_the_mail_whether_or_not_the_address_is_known(
    client: Client, sam: User, settings: Any, email: str
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    response = client.post(reverse("password_reset"), {"email": email})

    assert response.status_code == 302
    assert mail.outbox == []  # nothing looked up or sent inside the request
    (queued,) = task_backends["default"].results
    assert queued.task.name == "password_reset_send_task"
    assert queued.kwargs == {"email": email, "domain": "testserver", "use_https": False}
