from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Bank, ImportJob

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def _job(owner: User, **values: object) -> ImportJob:
    return ImportJob.objects.create(
        owner=owner, filename="poems.txt", size=3, data=b"abc", **values
    )


def _url(job: ImportJob) -> str:
    return reverse("import_detail", args=[job.pk])


def test_it_redirects_anonymous_users_to_log_in(client: Client, instructor: User) -> None:
    response = client.get(_url(_job(instructor)))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_users_job_is_not_found(
    login: Login, instructor: User, other_instructor: User
) -> None:
    job = _job(instructor)

    assert login(other_instructor).get(_url(job)).status_code == 404
    assert login(other_instructor).get(_url(job), headers={"HX-Request": "true"}).status_code == 404


def test_a_running_job_shows_its_stage_on_a_bar_that_polls(login: Login, instructor: User) -> None:
    job = _job(instructor, status="generating")

    response = login(instructor).get(_url(job))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Importing poems.txt</h1>" in html
    assert '<label for="import-bar">Generating questions (step 2 of 3)</label>' in html
    assert '<progress id="import-bar" max="3" value="2">' in html
    assert '<li aria-current="step">Generating questions' in html
    assert f'hx-get="{_url(job)}" hx-trigger="every 1s"' in html
    # Without JavaScript a plain link reloads the page.
    assert f'<a href="{_url(job)}">Refresh</a>' in html


def test_a_queued_job_says_it_waits_for_the_worker(login: Login, instructor: User) -> None:
    html = login(instructor).get(_url(_job(instructor))).content.decode()

    assert '<label for="import-bar">Waiting for its turn</label>' in html
    assert '<progress id="import-bar" max="3" value="0">' in html
    assert "as soon as the import worker is free" in html


def test_htmx_gets_only_the_progress_fragment_while_it_runs(login: Login, instructor: User) -> None:
    job = _job(instructor, status="saving")

    response = login(instructor).get(_url(job), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" not in html
    assert '<progress id="import-bar" max="3" value="3">' in html
    assert response["Vary"].count("HX-Request") == 1


def test_a_finished_job_stops_the_polling_and_links_to_the_bank(
    login: Login, instructor: User
) -> None:
    bank = Bank.objects.create(owner=instructor, slug="poems", title="POEMS Syndrome")
    job = _job(instructor, status="done", bank=bank, summary="POEMS Syndrome (poems): 5 active")
    client = login(instructor)

    fragment = client.get(_url(job), headers={"HX-Request": "true"})
    page = client.get(_url(job)).content.decode()

    assert fragment.status_code == 286
    assert "Imported POEMS Syndrome (poems): 5 active." in fragment.content.decode()
    assert 'href="/banks/poems/"' in fragment.content.decode()
    assert "hx-trigger" not in page
    assert "<progress" not in page


def test_a_failed_job_shows_its_one_line_reason(login: Login, instructor: User) -> None:
    job = _job(instructor, status="failed", error="the article has no headings")

    response = login(instructor).get(_url(job), headers={"HX-Request": "true"})

    assert response.status_code == 286
    html = response.content.decode()
    assert '<p class="message message-error" role="alert">' in html
    assert "The import failed: the article has no headings" in html
    assert "Nothing was saved." in html


def test_it_refuses_other_methods(login: Login, instructor: User) -> None:
    assert login(instructor).post(_url(_job(instructor))).status_code == 405


def test_a_job_silent_for_far_longer_than_its_budget_says_it_stopped(
    login: Login, instructor: User, settings: object
) -> None:
    settings.IMPORT_TIME_LIMIT_SECONDS = 60  # type: ignore[attr-defined]
    job = _job(instructor, status="saving")
    # A worker killed mid-import never reports; updated_at is when it was last heard of.
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=12))
    client = login(instructor)

    fragment = client.get(_url(job), headers={"HX-Request": "true"})
    page = client.get(_url(job)).content.decode()

    assert fragment.status_code == 286
    assert "The import stopped at “Saving the bank” without finishing" in page
    assert "hx-trigger" not in page


def test_a_job_within_its_budget_and_margin_still_polls(login: Login, instructor: User) -> None:
    job = _job(instructor, status="generating")
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=5))

    response = login(instructor).get(_url(job), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "stopped" not in response.content.decode()
