"""An instructor creates a class on a desktop and reads its code; a student on a 375×667 phone
opens the join link, then joins by typing the code. The instructor reviews and edits a question.
Every page passes axe-core, and no phone page scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from learning.models import Classroom, Membership, Question
from learning.roles import INSTRUCTORS_GROUP
from tests.browser.pages import PASSWORD, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "poems-syndrome.txt"
CLASS_NAME = "Haematology, spring term"

PageCheck = Callable[["Page"], None]


@pytest.fixture
def people(transactional_db: None) -> dict[str, User]:
    instructor = User.objects.create_user(username="ines", password=PASSWORD)
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    student = User.objects.create_user(username="sam", password=PASSWORD)
    call_command("import_source", str(SEED))
    return {"instructor": instructor, "student": student}


def _create_class(page: Page, check: PageCheck) -> tuple[str, str]:
    """On a desktop: the class's code as shown, and its join link."""
    page.get_by_role("link", name="Classes", exact=True).click()
    expect(page.get_by_role("heading", name="Classes", exact=True)).to_be_visible()
    check(page)
    page.get_by_label("Class name").fill(CLASS_NAME)
    page.get_by_role("button", name="Create class").click()
    page.wait_for_url(re.compile(r"/classes/\d+/$"))
    expect(page.get_by_role("heading", name=CLASS_NAME)).to_be_visible()
    expect(page.get_by_text("No students yet.")).to_be_visible()
    check(page)
    code = page.locator("#join-code").inner_text().strip()
    link = page.locator("#join-url").get_attribute("href") or ""
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert link.startswith("http") and link.endswith(f"/join/{code.replace('-', '')}/")
    return code, link


def _phone_checks(check: PageCheck, no_scroll: PageCheck) -> PageCheck:
    def both(page: Page) -> None:
        check(page)
        no_scroll(page)

    return both


def test_an_instructor_creates_a_class_and_a_student_joins_it_on_a_phone(
    people: dict[str, User],
    desktop_page: Page,
    phone_page: Page,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    log_in(desktop_page, "ines")
    code, link = _create_class(desktop_page, assert_accessible)
    phone_check = _phone_checks(assert_accessible, assert_no_horizontal_scroll)

    phone = phone_page
    log_in(phone, "sam", tap=True)
    # The link only asks; it joins nobody until the button is pressed.
    phone.goto(link)
    expect(phone.get_by_role("heading", name=f"Join “{CLASS_NAME}”?")).to_be_visible()
    expect(phone.get_by_role("button", name=f"Join {CLASS_NAME}")).to_be_visible()
    phone_check(phone)
    assert not Membership.objects.exists()

    phone.get_by_role("link", name="Classes", exact=True).tap()
    expect(phone.get_by_text("You have not joined a class yet.")).to_be_visible()
    phone_check(phone)
    phone.get_by_label("Join code").fill("nope nope")
    phone.get_by_role("button", name="Join class").tap()
    expect(phone.get_by_text("No class has that code.")).to_be_visible()
    phone_check(phone)  # the join page, with its error

    phone.get_by_label("Join code").fill(f" {code.lower()} ")
    phone.get_by_role("button", name="Join class").tap()
    phone.wait_for_url(re.compile(r"/classes/\d+/$"))
    expect(phone.get_by_text(f"You joined {CLASS_NAME}.")).to_be_visible()
    expect(phone.get_by_role("heading", name=CLASS_NAME)).to_be_visible()
    expect(phone.get_by_text("No assignments yet.")).to_be_visible()
    phone_check(phone)
    assert Membership.objects.get().classroom == Classroom.objects.get(name=CLASS_NAME)

    desktop_page.reload()
    expect(desktop_page.locator(".roster-item")).to_contain_text("sam")
    assert_accessible(desktop_page)


def test_an_instructor_edits_a_generated_question(
    people: dict[str, User],
    desktop_page: Page,
    phone_page: Page,
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    page = desktop_page
    log_in(page, "ines")
    page.get_by_role("link", name="POEMS Syndrome").click()
    page.wait_for_url(re.compile(r"/banks/[\w-]+/$"))
    page.locator(".question-actions").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/questions/\d+/edit/$"))
    expect(page.get_by_role("heading", name="Edit a question")).to_be_visible()
    assert_accessible(page)

    pk = int(re.findall(r"/questions/(\d+)/edit/", page.url)[0])
    page.get_by_label("Question:", exact=True).fill("Reworded by the instructor?")
    page.get_by_role("button", name="Save question").click()
    page.wait_for_url(re.compile(rf"/banks/[\w-]+/#question-{pk}$"))
    expect(page.locator(f"#question-{pk} .prompt")).to_have_text("Reworded by the instructor?")
    edited = Question.objects.get(pk=pk)
    assert edited.edited_at is not None and edited.edited_by == people["instructor"]

    # The form is usable on a phone too: no sideways scroll from its long text boxes.
    log_in(phone_page, "ines", tap=True)
    phone_page.goto(f"/banks/{edited.bank.slug}/questions/{pk}/edit/")
    expect(phone_page.get_by_role("button", name="Save question")).to_be_visible()
    assert_accessible(phone_page)
    assert_no_horizontal_scroll(phone_page)
