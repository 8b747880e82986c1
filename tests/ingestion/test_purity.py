import subprocess
import sys

from tests.ingestion.conftest import ROOT, SEED


def test_importing_the_generator_loads_no_django_module():
    code = (
        "import sys, learning.ingestion, learning.ingestion.__main__;"
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


def test_the_command_line_runs_without_a_database_or_settings():
    result = subprocess.run(
        [sys.executable, "-m", "learning.ingestion", str(SEED), "--format", "text"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "What does POEMS stand for?" in result.stdout
