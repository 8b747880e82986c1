"""An instructor uploads an article and watches its import: the page polls until the bank is
ready, on desktop and on a phone, with the real queue and its worker in a process of its own."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from playwright.sync_api import expect

from learning.roles import INSTRUCTORS_GROUP
from tests.browser.pages import PASSWORD, log_in
from tests.faults.servers import PYTHON, ROOT, database_url, production_env

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED = ROOT / "fixtures" / "sources" / "poems-syndrome.txt"
USERNAME = "teacher"
PageCheck = Callable[["Page"], None]


@pytest.fixture
def teacher(transactional_db: None, settings: Any) -> User:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = User.objects.create_user(username=USERNAME, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    return user


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[], None]]:
    workers: list[subprocess.Popen[bytes]] = []

    def _start() -> None:
        env = production_env(database_url(connection.settings_dict), tmp_path / "static")
        command = [str(PYTHON), "manage.py", "db_worker", "--no-reload", "--interval", "0.1"]
        workers.append(subprocess.Popen(command, cwd=ROOT, env=env))

    yield _start
    for worker in workers:
        worker.terminate()
        worker.wait(timeout=30)


def _journey(page: Page, start_worker: Callable[[], None], *, check: PageCheck) -> None:
    log_in(page, USERNAME)
    page.get_by_role("link", name="Upload an article").click()
    check(page)
    page.get_by_label("Article file").set_input_files(str(SEED))
    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Upload and import").click()

    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", name="Importing poems-syndrome.txt")).to_be_visible()
    # No worker yet: the job waits in the queue, and the page says so.
    expect(page.get_by_label("Waiting for its turn")).to_be_visible()
    check(page)

    page.evaluate("() => { window.__sameDocument = true; }")
    start_worker()
    # htmx polls the progress until the import is done, without reloading the page.
    expect(page.get_by_text(re.compile(r"Imported POEMS Syndrome"))).to_be_visible(timeout=60_000)
    assert page.evaluate("() => window.__sameDocument === true"), "the page was reloaded"
    expect(page.locator("progress")).to_have_count(0)
    check(page)

    page.get_by_role("link", name="Open the bank").click()
    expect(page.get_by_role("heading", name="POEMS Syndrome", level=1)).to_be_visible()


def test_an_instructor_watches_an_upload_become_a_bank_on_desktop(
    desktop_page: Page,
    teacher: User,
    start_worker: Callable[[], None],
    assert_accessible: PageCheck,
) -> None:
    _journey(desktop_page, start_worker, check=assert_accessible)


def test_an_instructor_watches_an_upload_become_a_bank_on_a_phone(
    phone_page: Page,
    teacher: User,
    start_worker: Callable[[], None],
    assert_accessible: PageCheck,
    assert_no_horizontal_scroll: PageCheck,
) -> None:
    def check(page: Page) -> None:
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    _journey(phone_page, start_worker, check=check)
