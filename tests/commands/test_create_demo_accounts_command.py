from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

from learning.models import Classroom, Membership
from learning.roles import INSTRUCTORS_GROUP, is_instructor

pytestmark = pytest.mark.django_db


def test_it_creates_a_student_and_an_instructor_and_prints_their_logins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("create_demo_accounts")

    out = capsys.readouterr().out
    assert "student" in out and "student-demo-pass" in out
    assert "instructor" in out and "instructor-demo-pass" in out
    assert authenticate(username="student", password="student-demo-pass") is not None
    instructor = authenticate(username="instructor", password="instructor-demo-pass")
    assert instructor is not None and is_instructor(instructor)
    assert not is_instructor(User.objects.get(username="student"))


def test_running_it_again_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")

    assert User.objects.filter(username__in=["student", "instructor"]).count() == 2
    assert (
        User.objects.get(username="instructor").groups.filter(name=INSTRUCTORS_GROUP).count() == 1
    )


def test_it_takes_passwords_from_options(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "create_demo_accounts",
        "--student-password",
        "s3cret-student",
        "--instructor-password",
        "s3cret-instructor",
    )

    assert "s3cret-student" in capsys.readouterr().out
    assert authenticate(username="student", password="s3cret-student") is not None
    assert authenticate(username="instructor", password="s3cret-instructor") is not None


def test_it_warns_about_default_passwords_when_debug_is_off(
    settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]

    call_command("create_demo_accounts")

    assert "demo passwords are public" in capsys.readouterr().err


def test_the_demo_instructor_teaches_a_demo_class_the_demo_student_has_joined(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")

    classroom = Classroom.objects.get()
    assert classroom.name == "Demo class"
    assert classroom.instructor.username == "instructor"
    members = Membership.objects.filter(classroom=classroom)
    assert list(members.values_list("student__username", flat=True)) == ["student"]
    code = classroom.join_code
    assert f"join code {code[:4]}-{code[4:]}" in capsys.readouterr().out
