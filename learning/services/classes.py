"""Classes: creating them, joining with a code, rotating the code, removing a student.

A join code is the only key to a class, so a rotated code stops working at once and a removed
student keeps their attempts (the gradebook's history) but loses the class page and its quizzes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from learning.models import Classroom, Membership
from learning.models.classes import JOIN_CODE_LENGTH, new_join_code

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

# What people type around a code they read off a board or a message: spaces, dashes.
_CODE_NOISE = re.compile(r"[\s\-‐‑‒–—]+")
_MAX_CODE_TRIES = 10


class JoinRefused(Exception):
    """No class has this code, or this user may not join it; the message says which."""


def join_code_normalise(code: str) -> str:
    """'abcd-efgh' and ' ABCD EFGH ' are the same code."""
    return _CODE_NOISE.sub("", code).upper()


def join_code_format(code: str) -> str:
    """Shown in two halves, 'ABCD-EFGH', so it is easy to read aloud; the dash is optional."""
    half = JOIN_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == JOIN_CODE_LENGTH else code


def classroom_find(*, code: str) -> Classroom | None:
    normalised = join_code_normalise(code)
    if not normalised:
        return None
    return Classroom.objects.select_related("instructor").filter(join_code=normalised).first()


def classroom_create(*, instructor: AbstractBaseUser, name: str) -> Classroom:
    with transaction.atomic():
        return Classroom.objects.create(
            name=name.strip(), instructor=instructor, join_code=_unused_code()
        )


def classroom_join(*, student: AbstractBaseUser, code: str) -> tuple[Membership, bool]:
    """The student's membership of the class with this code, and whether it is new.

    Joining twice is harmless: the second call returns the first membership.
    """
    classroom = classroom_find(code=code)
    if classroom is None:
        raise JoinRefused(
            "No class has that code. Check it with your instructor: codes are 8 letters and "
            "digits, like ABCD-2345."
        )
    if classroom.instructor_id == student.pk:
        raise JoinRefused("You teach this class, so you cannot join it as a student.")
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                classroom=classroom, student=student
            )
    except IntegrityError:
        # Two tabs joined at once; the other one's row is the membership.
        membership, created = Membership.objects.get(classroom=classroom, student=student), False
    return membership, created


def classroom_rotate_code(*, classroom: Classroom) -> str:
    """A new code for the class; the old code and its link stop working immediately."""
    with transaction.atomic():
        classroom.join_code = _unused_code()
        classroom.save(update_fields=["join_code"])
    return classroom.join_code


def classroom_remove_student(*, classroom: Classroom, student: AbstractBaseUser) -> bool:
    """Whether the student was in the class. Their attempts stay for the gradebook's history."""
    with transaction.atomic():
        deleted, _ = Membership.objects.filter(classroom=classroom, student=student).delete()
    return deleted > 0


def _unused_code() -> str:
    # 31^8 codes make a clash rare; the unique constraint still guards the race.
    for _ in range(_MAX_CODE_TRIES):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("could not find an unused join code")
