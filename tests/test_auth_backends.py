"""The login backend reads each request's user together with their study settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from learning.auth_backends import ModelBackendWithSettings
from learning.models import StudySettings

pytestmark = pytest.mark.django_db


def test_the_users_study_settings_come_with_the_user(
    student: User, django_assert_num_queries: Callable[..., object]
) -> None:
    StudySettings.objects.create(user=student, time_zone="Asia/Tokyo")

    with django_assert_num_queries(1):  # type: ignore[attr-defined]
        user = ModelBackendWithSettings().get_user(student.pk)
        assert user is not None
        assert StudySettings.for_user(user).time_zone == "Asia/Tokyo"


def test_a_user_without_settings_gets_the_defaults_stored(student: User) -> None:
    user = ModelBackendWithSettings().get_user(student.pk)
    assert user is not None

    settings = StudySettings.for_user(user)

    assert settings.pk is not None
    assert settings.desired_retention == 0.9
    assert StudySettings.objects.get(user=student) == settings


def test_an_inactive_or_missing_user_is_not_loaded(student: User) -> None:
    User.objects.filter(pk=student.pk).update(is_active=False)

    assert ModelBackendWithSettings().get_user(student.pk) is None
    assert ModelBackendWithSettings().get_user(student.pk + 1000) is None
