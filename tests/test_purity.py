"""The pure parts import no Django: they run, and are tested, without settings or a database."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "learning.ingestion",
    "learning.ingestion.__main__",
    "learning.scheduling",
    "learning.answers",
    "learning.item_stats",
    "learning.charts",
]


@pytest.mark.parametrize("module", PURE)
def test_importing_a_pure_module_loads_no_django_module(module: str) -> None:
    code = (
        f"import sys, {module};"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert result.stdout.strip() == "[]"
