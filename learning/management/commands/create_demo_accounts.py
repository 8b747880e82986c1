"""Demo logins for trying the site locally: a student and an instructor, with a class."""

from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from learning.models import Classroom
from learning.roles import INSTRUCTORS_GROUP
from learning.services.classes import classroom_create, classroom_join, join_code_format

DEFAULT_PASSWORDS = {"student": "student-demo-pass", "instructor": "instructor-demo-pass"}
DEMO_CLASS = "Demo class"


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts 'student' and 'instructor'. Safe to re-run."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--student-password", default=None)
        parser.add_argument("--instructor-password", default=None)

    def handle(
        self,
        *args: object,
        student_password: str | None,
        instructor_password: str | None,
        **options: object,
    ) -> None:
        passwords = {
            "student": student_password or DEFAULT_PASSWORDS["student"],
            "instructor": instructor_password or DEFAULT_PASSWORDS["instructor"],
        }
        with transaction.atomic():
            instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
            users = {}
            for username, password in passwords.items():
                user, _ = get_user_model().objects.get_or_create(username=username)
                user.set_password(password)
                user.save()
                if username == "instructor":
                    user.groups.add(instructors)
                users[username] = user
            classroom = _demo_class(instructor=users["instructor"], student=users["student"])
        self.stdout.write("Demo accounts (log in at /accounts/login/):")
        for username, password in passwords.items():
            self.stdout.write(f"  {username:<11} password: {password}")
        self.stdout.write(
            f"{classroom.name}: taught by instructor, joined by student; "
            f"join code {join_code_format(classroom.join_code)}"
        )
        # Well-known passwords on a public site are an open door; say so where it matters.
        if not settings.DEBUG and not (student_password and instructor_password):
            self.stderr.write("warning: demo passwords are public; do not use them on a real site")


def _demo_class(*, instructor: AbstractBaseUser, student: AbstractBaseUser) -> Classroom:
    """The instructor's demo class with the student in it; found again, not duplicated."""
    classroom = Classroom.objects.taught_by(instructor).filter(name=DEMO_CLASS).first()
    if classroom is None:
        classroom = classroom_create(instructor=instructor, name=DEMO_CLASS)
    classroom_join(student=student, code=classroom.join_code)  # joining twice is harmless
    return classroom
