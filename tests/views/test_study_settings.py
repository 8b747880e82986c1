"""The study settings form: labelled fields, parsed steps, invalid input saves nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import StudySettings
from learning.scheduling import study_day

pytestmark = pytest.mark.django_db

URL = reverse("study_settings")
Login = Callable[[User], Client]
VALID = {
    "desired_retention": "0.85",
    "new_per_day": "15",
    "reviews_per_day": "150",
    "learning_steps": "1, 5 20",
    "relearning_steps": "15",
    "time_zone": "America/New_York",
    "day_starts_at": "5",
}


def _stored(user: User) -> dict[str, object]:
    row = StudySettings.objects.get(user=user)
    return {
        "desired_retention": row.desired_retention,
        "new_per_day": row.new_per_day,
        "reviews_per_day": row.reviews_per_day,
        "learning_steps": row.learning_steps,
        "relearning_steps": row.relearning_steps,
        "time_zone": row.time_zone,
        "day_starts_at": row.day_starts_at,
    }


def test_it_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_post_changes_nothing(client: Client) -> None:
    response = client.post(URL, VALID)

    assert response.status_code == 302
    assert StudySettings.objects.count() == 0


def test_it_refuses_other_methods(login: Login, student: User) -> None:
    assert login(student).put(URL).status_code == 405


def test_it_shows_the_current_settings_in_labelled_fields(login: Login, student: User) -> None:
    html = login(student).get(URL).content.decode()

    for name in VALID:
        assert f'<label for="id_{name}">' in html
        assert f'id="id_{name}_helptext"' in html
        assert f'aria-describedby="id_{name}_helptext"' in html
    assert 'type="number" name="desired_retention" value="0.9" step="0.01"' in html
    assert 'min="0.7" max="0.97"' in html
    assert 'name="learning_steps" value="1 10"' in html
    assert 'name="relearning_steps" value="10"' in html
    assert '<option value="UTC" selected>UTC</option>' in html
    assert '<option value="America/New_York">America/New York</option>' in html
    assert 'name="day_starts_at" value="4" min="0" max="23"' in html


def test_an_invalid_post_keeps_the_chosen_zone_selected(login: Login, student: User) -> None:
    posted = {**VALID, "time_zone": "Asia/Tokyo", "desired_retention": "2"}

    html = login(student).post(URL, posted).content.decode()

    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>' in html
    assert html.count(" selected>") == 1
    assert '<select name="time_zone" aria-describedby="id_time_zone_helptext"' in html


def test_the_time_zones_are_sorted(login: Login, student: User) -> None:
    form = login(student).get(URL).context["form"]
    zones = [value for value, _ in form.fields["time_zone"].choices]

    assert zones == sorted(zones)
    assert "Europe/Paris" in zones


def test_valid_settings_are_saved_then_the_page_redirects(login: Login, student: User) -> None:
    client = login(student)

    response = client.post(URL, VALID)

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _stored(student) == {
        "desired_retention": 0.85,
        "new_per_day": 15,
        "reviews_per_day": 150,
        "learning_steps": [1, 5, 20],
        "relearning_steps": [15],
        "time_zone": "America/New_York",
        "day_starts_at": 5,
    }
    page = client.get(URL).content.decode()
    assert "Study settings saved." in page
    assert 'name="learning_steps" value="1 5 20"' in page


def test_saving_changes_only_the_learners_own_settings(
    login: Login, student: User, other_student: User
) -> None:
    StudySettings.objects.create(user=other_student, time_zone="Asia/Tokyo")

    login(student).post(URL, VALID)

    assert StudySettings.objects.get(user=other_student).time_zone == "Asia/Tokyo"
    assert StudySettings.objects.get(user=student).time_zone == "America/New_York"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desired_retention", "0.5", "greater than or equal to 0.7"),
        ("desired_retention", "0.99", "less than or equal to 0.97"),
        ("desired_retention", "lots", "Enter a number."),
        ("new_per_day", "-1", "greater than or equal to 0"),
        ("reviews_per_day", "", "This field is required."),
        ("learning_steps", "1 ten", "Use whole minutes separated by spaces or commas"),
        ("learning_steps", "1.5", "Use whole minutes separated by spaces or commas"),
        ("learning_steps", " , ", "This field is required."),
        ("relearning_steps", "0", "Each step is between 1 and 10,080 minutes"),
        ("relearning_steps", "20000", "Each step is between 1 and 10,080 minutes"),
        ("time_zone", "Mars/Olympus_Mons", "Select a valid choice."),
        ("day_starts_at", "24", "less than or equal to 23"),
    ],
)
def test_invalid_input_is_shown_again_and_nothing_is_saved(
    login: Login, student: User, field: str, value: str, message: str
) -> None:
    client = login(student)
    client.get(URL)
    before = _stored(student)

    response = client.post(URL, {**VALID, field: value})
    html = response.content.decode()

    assert response.status_code == 200
    assert message in html
    assert "Nothing was saved" in html
    assert _stored(student) == before
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html
    assert 'aria-invalid="true"' in html


def test_an_empty_post_shows_every_missing_field(login: Login, student: User) -> None:
    response = login(student).post(URL, {})

    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == len(VALID)
    assert _stored(student)["learning_steps"] == [1, 10]


def test_the_progress_page_follows_the_saved_time_zone(login: Login, student: User) -> None:
    # UTC-12 with days starting at 23:00 is 31 hours behind the default (UTC, 4:00): the study
    # day differs from the default one at any hour this test runs.
    zone, hour = "Etc/GMT+12", 23
    client = login(student)
    client.post(URL, {**VALID, "time_zone": zone, "day_starts_at": str(hour)})

    progress = client.get(reverse("progress")).context["progress"]

    now = timezone.now()
    assert progress.today == study_day(now, zone=zone, day_starts_at=hour)
    assert progress.today != study_day(now, zone="UTC", day_starts_at=4)
