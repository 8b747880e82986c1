"""Log in, sign up and password reset stop answering after their limits, with a clear page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from learning.models import Classroom

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"  # the role fixtures' password, see tests/conftest.py


@pytest.fixture
def limits(settings: Any) -> dict[str, str]:
    """Small limits, per day so that no window ends while a test runs."""
    settings.RATE_LIMITS = {
        "login-ip": "5/d",
        "login-username": "3/d",
        "signup-ip": "2/d",
        "password-reset-ip": "4/d",
        "password-reset-email": "2/d",
        "join-user": "3/d",
    }
    return settings.RATE_LIMITS


def _log_in(client: Client, username: str, password: str = "wrong", **extra: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _assert_too_many_attempts(response: Any) -> None:
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "Please try again in" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_the_login_limit_per_username_refuses_even_the_right_password(
    client: Client, student: User, limits: dict[str, str]
) -> None:
    for _ in range(3):
        assert _log_in(client, "sam").status_code == 200

    response = _log_in(client, "sam", PASSWORD)

    _assert_too_many_attempts(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "spelling", [" sam", "sam ", "\tsam", "ｓam", "sａm", "sam  ", "SAM", "\u3000sam"]
)
def test_the_login_limit_per_username_counts_the_username_as_login_reads_it(
    client: Client, student: User, limits: dict[str, str], spelling: str
) -> None:
    for _ in range(3):
        assert _log_in(client, "sam").status_code == 200

    # Every spelling the login form would clean into "sam" is refused, wrong or right password.
    _assert_too_many_attempts(_log_in(client, spelling))
    _assert_too_many_attempts(_log_in(client, spelling, PASSWORD))
    assert "_auth_user_id" not in client.session


def test_other_spellings_use_up_the_same_login_limit(
    client: Client, student: User, limits: dict[str, str]
) -> None:
    for spelling in (" sam", "ｓam", "sam  "):
        assert _log_in(client, spelling).status_code == 200

    _assert_too_many_attempts(_log_in(client, "sam", PASSWORD))


def test_the_login_limit_per_username_leaves_other_accounts_alone(
    client: Client, student: User, other_student: User, limits: dict[str, str]
) -> None:
    for _ in range(4):
        _log_in(client, "olga")

    assert _log_in(client, "sam", PASSWORD).status_code == 302


def test_the_login_limit_per_address_counts_every_username(
    client: Client, student: User, limits: dict[str, str]
) -> None:
    for n in range(5):
        assert _log_in(client, f"guess-{n}").status_code == 200

    _assert_too_many_attempts(_log_in(client, "sam", PASSWORD))
    # Another address still gets in.
    assert _log_in(client, "sam", PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_login_page_still_shows_while_posts_are_refused(
    client: Client, limits: dict[str, str]
) -> None:
    for n in range(5):
        _log_in(client, f"guess-{n}")
    _assert_too_many_attempts(_log_in(client, "sam"))  # this address is over its limit

    assert client.get(reverse("login")).status_code == 200


def test_the_admin_login_shares_the_login_counters(
    client: Client, student: User, limits: dict[str, str]
) -> None:
    for _ in range(3):
        _log_in(client, "sam")

    response = client.post(reverse("admin:login"), {"username": "sam", "password": PASSWORD})

    _assert_too_many_attempts(response)


def test_the_sign_up_limit_stops_creating_accounts(client: Client, limits: dict[str, str]) -> None:
    for n in range(2):
        Client().post(reverse("signup"), _sign_up_data(f"new-{n}"))

    response = client.post(reverse("signup"), _sign_up_data("one-too-many"))

    _assert_too_many_attempts(response)
    assert not User.objects.filter(username="one-too-many").exists()


def test_guessing_join_codes_stops_at_the_limit_even_for_the_right_code(
    client: Client, limits: dict[str, str], classroom: Classroom, other_student: User
) -> None:
    client.force_login(other_student)
    for guess in ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"]:
        assert client.post(reverse("class_join"), {"code": guess}).status_code == 200

    response = client.post(reverse("class_join"), {"code": classroom.join_code})
    link = client.post(reverse("class_join_code", args=[classroom.join_code]))

    _assert_too_many_attempts(response)
    _assert_too_many_attempts(link)
    assert not classroom.memberships.filter(student=other_student).exists()


def test_looking_up_join_links_counts_against_the_join_limit(
    client: Client, limits: dict[str, str], classroom: Classroom, other_student: User
) -> None:
    client.force_login(other_student)
    for guess in ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"]:
        assert client.get(reverse("class_join_code", args=[guess])).status_code == 404

    # Past the limit, a GET no longer tells whether a code exists, and joining is refused too.
    _assert_too_many_attempts(client.get(reverse("class_join_code", args=[classroom.join_code])))
    _assert_too_many_attempts(client.post(reverse("class_join"), {"code": classroom.join_code}))
    assert not classroom.memberships.filter(student=other_student).exists()


def test_the_join_form_page_itself_is_not_counted(
    client: Client, limits: dict[str, str], other_student: User
) -> None:
    client.force_login(other_student)
    for _ in range(5):
        assert client.get(reverse("class_join")).status_code == 200


def _sign_up_data(username: str) -> dict[str, str]:
    return {"username": username, "password1": "pa55-word-long!", "password2": "pa55-word-long!"}


def test_the_reset_limit_per_address_ignores_letter_case(
    client: Client, student: User, limits: dict[str, str]
) -> None:
    student.email = "sam@example.org"
    student.save()
    for email in ("sam@example.org", "SAM@example.org"):
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 302

    response = client.post(reverse("password_reset"), {"email": "Sam@Example.org"})

    _assert_too_many_attempts(response)
    assert len(mail.outbox) == 2


def test_the_reset_limit_per_client_counts_every_address(
    client: Client, limits: dict[str, str]
) -> None:
    for n in range(4):
        client.post(reverse("password_reset"), {"email": f"someone-{n}@example.org"})

    _assert_too_many_attempts(client.post(reverse("password_reset"), {"email": "x@example.org"}))


def test_no_limit_applies_when_rate_limiting_is_off(
    client: Client, student: User, limits: dict[str, str], settings: Any
) -> None:
    settings.RATELIMIT_ENABLE = False
    for _ in range(6):
        _log_in(client, "sam")

    assert _log_in(client, "sam", PASSWORD).status_code == 302
