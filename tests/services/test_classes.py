from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from learning.models import Assignment, Attempt, Classroom, Membership
from learning.models.classes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from learning.services.classes import (
    JoinRefused,
    classroom_create,
    classroom_join,
    classroom_remove_student,
    classroom_rotate_code,
    join_code_format,
    join_code_normalise,
)

pytestmark = pytest.mark.django_db


def test_a_new_class_gets_an_unambiguous_code_and_a_trimmed_name(instructor: User) -> None:
    classroom = classroom_create(instructor=instructor, name="  Haematology 101  ")

    assert classroom.name == "Haematology 101"
    assert classroom.instructor == instructor
    assert len(classroom.join_code) == JOIN_CODE_LENGTH
    assert set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set(classroom.join_code) & set("01OIL")


def test_two_classes_never_share_a_code(instructor: User) -> None:
    codes = {classroom_create(instructor=instructor, name=f"C{n}").join_code for n in range(20)}

    assert len(codes) == 20


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcd-efgh", "ABCDEFGH"),
        (" ABCD EFGH ", "ABCDEFGH"),
        ("ab cd–ef gh", "ABCDEFGH"),
        ("ABCDEFGH\n", "ABCDEFGH"),
        ("", ""),
    ],
)
def test_a_typed_code_ignores_case_spaces_and_dashes(typed: str, expected: str) -> None:
    assert join_code_normalise(typed) == expected


def test_a_code_is_shown_in_two_halves() -> None:
    assert join_code_format("ABCDEFGH") == "ABCD-EFGH"


def test_a_student_joins_with_the_code_typed_loosely(
    classroom: Classroom, other_student: User
) -> None:
    code = classroom.join_code
    typed = f" {code[:4].lower()}-{code[4:].lower()} "

    membership, created = classroom_join(student=other_student, code=typed)

    assert created
    assert (membership.classroom, membership.student) == (classroom, other_student)


def test_joining_twice_is_harmless(classroom: Classroom, student: User) -> None:
    membership, created = classroom_join(student=student, code=classroom.join_code)

    assert not created
    assert Membership.objects.filter(classroom=classroom, student=student).count() == 1
    assert membership.student == student


def test_a_wrong_code_is_refused_and_joins_nothing(
    classroom: Classroom, other_student: User
) -> None:
    with pytest.raises(JoinRefused, match="No class has that code"):
        classroom_join(student=other_student, code="ZZZZ-ZZZZ")

    assert not Membership.objects.filter(student=other_student).exists()


def test_an_empty_code_is_refused(other_student: User) -> None:
    with pytest.raises(JoinRefused):
        classroom_join(student=other_student, code=" - ")


def test_an_instructor_cannot_join_their_own_class(classroom: Classroom, instructor: User) -> None:
    with pytest.raises(JoinRefused, match="You teach this class"):
        classroom_join(student=instructor, code=classroom.join_code)

    assert not Membership.objects.filter(student=instructor).exists()


def test_another_instructor_may_join_a_class_as_a_student(
    classroom: Classroom, other_instructor: User
) -> None:
    _, created = classroom_join(student=other_instructor, code=classroom.join_code)

    assert created


def test_a_rotated_code_replaces_the_old_one_which_stops_working(
    classroom: Classroom, other_student: User
) -> None:
    old = classroom.join_code

    new = classroom_rotate_code(classroom=classroom)

    classroom.refresh_from_db()
    assert classroom.join_code == new != old
    with pytest.raises(JoinRefused):
        classroom_join(student=other_student, code=old)
    _, created = classroom_join(student=other_student, code=new)
    assert created


def test_rotating_keeps_the_students_already_in_the_class(
    classroom: Classroom, student: User
) -> None:
    classroom_rotate_code(classroom=classroom)

    assert Membership.objects.filter(classroom=classroom, student=student).exists()


def test_removing_a_student_keeps_their_attempts_but_ends_their_membership(
    classroom: Classroom, student: User, make_assignment: Callable[..., Assignment]
) -> None:
    assignment = make_assignment(classroom)
    attempt = Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=1,
        started_at=assignment.opens_at,
        deadline=assignment.due_at,
    )

    assert classroom_remove_student(classroom=classroom, student=student)

    assert not Membership.objects.filter(classroom=classroom, student=student).exists()
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    assert not Classroom.objects.joined_by(student).exists()


def test_removing_someone_not_in_the_class_changes_nothing(
    classroom: Classroom, student: User, other_student: User
) -> None:
    assert not classroom_remove_student(classroom=classroom, student=other_student)

    assert Membership.objects.filter(classroom=classroom).count() == 1
