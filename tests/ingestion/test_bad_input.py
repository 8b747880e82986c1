import json
import subprocess
import sys

import pytest

from learning.ingestion import MAX_SOURCE_BYTES, IngestionError, build_bank, decode_source
from tests.ingestion.conftest import ROOT, SEED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 syndrome\n\nWhat is it?\n\nIt is.".encode("latin-1"), "not UTF-8"),
        ("Title\n\nHeading\n\nText.".encode("utf-16"), "UTF-16"),
        (b"x" * (MAX_SOURCE_BYTES + 1), "limit is 5 MB"),
        (b"Title\n\n" + b"x" * 9000 + b"\x00 and more text.", "NUL byte"),
    ],
)
def test_bad_bytes_are_refused_with_a_one_line_reason(data, message):
    with pytest.raises(IngestionError, match=message) as error:
        decode_source(data)
    assert "\n" not in str(error.value)


def test_a_byte_order_mark_is_accepted():
    assert decode_source(b"\xef\xbb\xbfTitle").startswith("Title")


def test_an_article_with_no_headings_is_refused():
    with pytest.raises(IngestionError, match="no headings"):
        build_bank("Only a paragraph. And another sentence here.\n", filename="a.txt")


def test_an_article_with_headings_but_no_facts_is_refused():
    with pytest.raises(IngestionError, match="no questions"):
        build_bank("Title\n\nHeading\n\nOk.\n", filename="a.txt")


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "learning.ingestion", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_cli_prints_the_documented_json_shape():
    result = run_cli(str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "POEMS Syndrome"
    assert set(data["questions"][0]) == {
        "id",
        "category",
        "type",
        "prompt",
        "answer",
        "accepted_answers",
        "choices",
        "pairs",
        "source_quote",
        "section",
        "quality",
        "reasons",
        "reserve",
    }
    assert not any(question["reserve"] for question in data["questions"])


def test_the_cli_adds_the_reserve_with_all():
    active = json.loads(run_cli(str(SEED), "--format", "json").stdout)["questions"]
    everything = json.loads(run_cli(str(SEED), "--format", "json", "--all").stdout)["questions"]
    assert [q for q in everything if not q["reserve"]] == active


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"x" * (10 * 1024 * 1024), "10.0 MB"),
    ],
)
def test_the_cli_fails_with_one_line_and_a_non_zero_exit(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli(str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_the_cli_reports_a_missing_file():
    result = run_cli("/nonexistent/article.txt")
    assert result.returncode == 1 and "No such file" in result.stderr
