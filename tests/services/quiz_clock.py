"""The fixed clock of the assignment and attempt service tests: services take `now`."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
