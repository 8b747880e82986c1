"""Classes an instructor runs, and the students who joined them with a code."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

# No 0/O or 1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class ClassroomQuerySet(models.QuerySet["Classroom"]):
    def taught_by(self, user: AbstractBaseUser) -> ClassroomQuerySet:
        return self.filter(instructor=user)

    def joined_by(self, user: AbstractBaseUser) -> ClassroomQuerySet:
        return self.filter(memberships__student=user)


class Classroom(models.Model):
    """A class ("class" is a Python keyword). Its instructor alone manages it."""

    name = models.CharField(max_length=200)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_taught"
    )
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A student in a class. Removing a student deletes this row; their attempts stay."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["classroom", "student__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="one_membership_per_class"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"
