"""The login backend: Django's, reading the learner's study settings with the user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser


class ModelBackendWithSettings(ModelBackend):
    """Every logged-in request loads its user; the study pages then need the study settings
    too. Joining them into that one query saves each of those pages a query."""

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        model = get_user_model()
        user = model._default_manager.select_related("study_settings").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
