"""/classes/<pk>/: the instructor's roster and code, or the student's assignments."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, Classroom, Membership, StudySettings

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeAssignment = Callable[..., Assignment]


def _url(classroom: Classroom) -> str:
    return reverse("class_detail", args=[classroom.pk])


def _attempt(assignment: Assignment, student: User, **values: object) -> Attempt:
    now = timezone.now()
    defaults: dict[str, object] = {
        "number": 1,
        "started_at": now - timedelta(minutes=5),
        "deadline": now + timedelta(minutes=30),
    }
    defaults.update(values)
    return Attempt.objects.create(assignment=assignment, student=student, **defaults)


def test_it_redirects_anonymous_users_to_log_in(client: Client, classroom: Classroom) -> None:
    response = client.get(_url(classroom))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_instructor_gets_a_404(
    login: Login, other_instructor: User, classroom: Classroom
) -> None:
    assert login(other_instructor).get(_url(classroom)).status_code == 404


def test_a_student_not_in_the_class_gets_a_404(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    assert login(other_student).get(_url(classroom)).status_code == 404


def test_an_unknown_class_is_a_404(login: Login, instructor: User) -> None:
    assert login(instructor).get(reverse("class_detail", args=[999999])).status_code == 404


def test_it_refuses_post_with_405(login: Login, instructor: User, classroom: Classroom) -> None:
    assert login(instructor).post(_url(classroom)).status_code == 405


def test_the_instructor_sees_the_code_the_absolute_join_link_and_the_roster(
    login: Login, instructor: User, student: User, classroom: Classroom
) -> None:
    response = login(instructor).get(_url(classroom))

    html = response.content.decode()
    code = classroom.join_code
    assert response.status_code == 200
    assert f'<p class="join-code" id="join-code">{code[:4]}-{code[4:]}</p>' in html
    link = f"http://testserver{reverse('class_join_code', args=[code])}"
    assert f'href="{link}"' in html
    assert f'action="{reverse("class_rotate_code", args=[classroom.pk])}"' in html
    assert "sam" in html
    remove = reverse("class_remove_student", args=[classroom.pk, student.pk])
    assert f'href="{remove}"' in html  # a link to a confirmation page, not a one-click removal


def test_the_student_sees_the_classes_assignments_not_the_roster_or_the_code(
    login: Login,
    student: User,
    other_student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
) -> None:
    Membership.objects.create(classroom=classroom, student=other_student)
    make_assignment(classroom, title="Week 1 quiz")

    response = login(student).get(_url(classroom))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Week 1 quiz" in html and "Taught by ines" in html
    assert classroom.join_code not in html
    assert "olga" not in html
    assert "Not started" in html


def test_a_student_reads_opening_and_due_times_in_their_own_time_zone(
    login: Login, student: User, classroom: Classroom, make_assignment: MakeAssignment
) -> None:
    StudySettings.objects.create(user=student, time_zone="Asia/Tokyo")
    make_assignment(
        classroom,
        opens_at=datetime(2030, 3, 1, 0, 30, tzinfo=UTC),
        due_at=datetime(2030, 3, 8, 15, 0, tzinfo=UTC),
    )

    html = login(student).get(_url(classroom)).content.decode()

    assert "Opens Fri 1 Mar 2030, 09:30 JST" in html
    assert "Due Sat 9 Mar 2030, 00:00 JST" in html
    assert "Not open yet" in html


def test_each_assignment_shows_the_students_own_status(
    login: Login,
    student: User,
    other_student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
) -> None:
    now = timezone.now()
    in_progress = make_assignment(classroom, title="Going")
    submitted = make_assignment(classroom, title="Done")
    missed = make_assignment(
        classroom, title="Missed", opens_at=now - timedelta(days=9), due_at=now - timedelta(days=2)
    )
    _attempt(in_progress, student)
    _attempt(submitted, student, submitted_at=now, score=2, max_score=3)
    _attempt(missed, other_student)  # someone else's attempt says nothing about this student

    html = login(student).get(_url(classroom)).content.decode()

    statuses = re.findall(r'<span class="badge status-\w+">([^<]+)</span>', html)
    titles = re.findall(r"<h3>([^<]+)</h3>", html)
    assert dict(zip(titles, statuses, strict=True)) == {
        "Going": "In progress",
        "Done": "Submitted",
        "Missed": "Missed",
    }


def test_a_removed_student_loses_the_class_page(
    login: Login, student: User, classroom: Classroom
) -> None:
    Membership.objects.filter(student=student).delete()

    assert login(student).get(_url(classroom)).status_code == 404


def test_script_in_names_and_titles_is_escaped(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
) -> None:
    classroom.name = "<script>alert('class')</script>"
    classroom.save()
    make_assignment(classroom, title="<script>alert('quiz')</script>")

    for user in (instructor, student):
        html = login(user).get(_url(classroom)).content.decode()
        assert "<script>alert(" not in html
        assert "&lt;script&gt;alert(&#x27;class&#x27;)&lt;/script&gt;" in html
        assert "&lt;script&gt;alert(&#x27;quiz&#x27;)&lt;/script&gt;" in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_instructor_page_runs_a_fixed_number_of_queries(
    count: int,
    login: Login,
    instructor: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(count):
        Membership.objects.create(
            classroom=classroom, student=User.objects.create_user(username=f"s{n}")
        )
        make_assignment(classroom, title=f"Quiz {n}")
    StudySettings.for_user(instructor)  # a first visit also creates the settings row
    client = login(instructor)

    with django_assert_max_num_queries(7):
        response = client.get(_url(classroom))

    assert response.content.decode().count('class="roster-item"') == count + 1


@pytest.mark.parametrize("count", [1, 30])
def test_the_student_page_runs_a_fixed_number_of_queries(
    count: int,
    login: Login,
    student: User,
    classroom: Classroom,
    make_assignment: MakeAssignment,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(count):
        _attempt(make_assignment(classroom, title=f"Quiz {n}"), student)
    StudySettings.for_user(student)  # a first visit also creates the settings row
    client = login(student)

    with django_assert_max_num_queries(7):
        response = client.get(_url(classroom))

    assert response.content.decode().count("In progress") == count


def test_the_student_can_start_an_open_assignment_and_continue_one_in_progress(
    login: Login, student: User, classroom: Classroom, make_assignment: MakeAssignment
) -> None:
    now = timezone.now()
    open_one = make_assignment(classroom, title="Open")
    going = make_assignment(classroom, title="Going")
    later = make_assignment(
        classroom, title="Later", opens_at=now + timedelta(days=1), due_at=now + timedelta(days=2)
    )
    attempt = _attempt(going, student)

    html = login(student).get(_url(classroom)).content.decode()

    assert f'method="post" action="{reverse("attempt_start", args=[open_one.pk])}"' in html
    assert f'href="{reverse("attempt_take", args=[attempt.pk])}"' in html
    assert reverse("attempt_start", args=[going.pk]) not in html
    assert reverse("attempt_start", args=[later.pk]) not in html
