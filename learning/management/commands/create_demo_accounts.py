"""Demo logins for trying the site locally: a student and an instructor."""

from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from learning.roles import INSTRUCTORS_GROUP

DEFAULT_PASSWORDS = {"student": "student-demo-pass", "instructor": "instructor-demo-pass"}


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
            for username, password in passwords.items():
                user, _ = get_user_model().objects.get_or_create(username=username)
                user.set_password(password)
                user.save()
                if username == "instructor":
                    user.groups.add(instructors)
        self.stdout.write("Demo accounts (log in at /accounts/login/):")
        for username, password in passwords.items():
            self.stdout.write(f"  {username:<11} password: {password}")
        # Well-known passwords on a public site are an open door; say so where it matters.
        if not settings.DEBUG and not (student_password and instructor_password):
            self.stderr.write("warning: demo passwords are public; do not use them on a real site")
