from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


class LearningConfig(AppConfig):
    name = "learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_tables, sender=self)


def _create_cache_tables(using: str, **kwargs: Any) -> None:
    # Rate-limit counters live in a database cache table (see settings.CACHES). Creating it
    # along with the schema means `migrate` alone readies any database: no extra step to forget.
    call_command("createcachetable", database=using, verbosity=0)
