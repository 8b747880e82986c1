"""The instructor's confirmation pages (remove a student, delete an assignment) in Chromium:
accessible on a desktop and a 375 px phone, and the confirm buttons do what they say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import expect

from learning.models import Assignment, Bank, Classroom, Membership
from learning.roles import INSTRUCTORS_GROUP
from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PageCheck = Callable[["Page"], None]


@pytest.fixture
def classroom(transactional_db: None) -> Classroom:
    teacher = User.objects.create_user("ines", password=PASSWORD)
    teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    room = Classroom.objects.create(name="Haematology 101", instructor=teacher)
    Membership.objects.create(classroom=room, student=User.objects.create_user("sam"))
    bank = Bank.objects.create(slug="poems", title="POEMS Syndrome", is_published=True)
    now = timezone.now()
    Assignment.objects.create(
        classroom=room,
        bank=bank,
        title="Week 1 quiz",
        question_count=1,
        opens_at=now + timedelta(days=1),
        due_at=now + timedelta(days=8),
    )
    return room


@pytest.mark.parametrize("device", ["desktop_page", "phone_page"])
def test_removing_a_student_and_deleting_an_assignment_after_confirming(
    device: str,
    classroom: Classroom,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
    request: pytest.FixtureRequest,
) -> None:
    page: Page = request.getfixturevalue(device)
    log_in(page, "ines")
    page.goto(f"/classes/{classroom.pk}/")

    page.get_by_role("link", name="Remove sam").click()
    expect(page.get_by_role("heading", name="Remove sam from “Haematology 101”?")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Remove sam").click()
    expect(page.get_by_text("sam was removed from Haematology 101.")).to_be_visible()

    page.get_by_role("link", name="Week 1 quiz").click()
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete “Week 1 quiz”?")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Delete Week 1 quiz").click()
    expect(page.get_by_text("Assignment “Week 1 quiz” deleted.")).to_be_visible()

    assert not classroom.memberships.exists()
    assert not classroom.assignments.exists()
