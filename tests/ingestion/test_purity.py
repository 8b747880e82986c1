import subprocess
import sys

from tests.ingestion.conftest import ROOT, SEED


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
