from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from learning.ingestion import build_bank, decode_source
from learning.models import Bank, Question

pytestmark = pytest.mark.django_db

SEED_ARTICLE = Path(settings.BASE_DIR) / "fixtures" / "sources" / "poems-syndrome.txt"

MARKDOWN_ARTICLE = """# Gout

Gout is a form of arthritis caused by too much uric acid in the blood.

## What are the symptoms of gout?

The most common symptom of gout is sudden, severe pain in the big toe.
Other symptoms include:

- Swelling of the joint.
- Redness of the skin over the joint.
- Warmth in the joint.

## How is gout treated?

Anti-inflammatory medicines ease the pain of an attack within a few days.
"""


@pytest.fixture
def seed_draft():
    return build_bank(decode_source(SEED_ARTICLE.read_bytes()))


def test_it_imports_an_article_and_prints_counts_per_category_and_type(
    capsys: pytest.CaptureFixture[str], seed_draft
) -> None:
    call_command("import_source", str(SEED_ARTICLE))

    bank = Bank.objects.get()
    out = capsys.readouterr().out
    total = len(seed_draft.questions)
    active = seed_draft.active()
    assert (bank.slug, bank.owner, bank.is_published) == (seed_draft.slug, None, True)
    assert bank.questions.count() == total
    assert (
        f"{bank.title} ({bank.slug}): {len(active)} active questions, "
        f"{total - len(active)} in reserve - {total} new"
    ) in out
    categories = {q.category for q in active}
    types = {q.type for q in active}
    category_line = next(line for line in out.splitlines() if "categories:" in line)
    type_line = next(line for line in out.splitlines() if "types:" in line)
    for category in categories:
        count = sum(q.category == category for q in active)
        assert f"{category} {count}" in category_line
    for type_ in types:
        count = sum(q.type == type_ for q in active)
        assert f"{type_} {count}" in type_line


def test_reimporting_keeps_every_question_id(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_source", str(SEED_ARTICLE))
    before = dict(Question.objects.values_list("key", "pk"))

    call_command("import_source", str(SEED_ARTICLE))

    assert dict(Question.objects.values_list("key", "pk")) == before
    assert f"0 new, 0 updated, {len(before)} unchanged" in capsys.readouterr().out


def test_it_imports_several_files_at_once(tmp_path: Path) -> None:
    gout = tmp_path / "gout.md"
    gout.write_text(MARKDOWN_ARTICLE, encoding="utf-8")

    call_command("import_source", str(SEED_ARTICLE), str(gout))

    assert Bank.objects.count() == 2
    assert Bank.objects.get(source_filename="gout.md").source_format == "markdown"


def test_the_draft_option_imports_unpublished(tmp_path: Path) -> None:
    call_command("import_source", "--draft", str(SEED_ARTICLE))

    assert Bank.objects.get().is_published is False


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02\x89PNG\r\n\x1a\n" * 20),
        ("latin1.txt", "Caf\u00e9 au lait syndrome\n\nWhat is it?\n".encode("latin-1")),
    ],
)
def test_a_bad_file_is_an_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(CommandError):
        call_command("import_source", str(path))

    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ")
    assert len(err.strip().splitlines()) == 1
    assert Bank.objects.count() == 0


def test_a_missing_path_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"

    with pytest.raises(CommandError):
        call_command("import_source", str(missing))

    assert capsys.readouterr().err.strip() == f"error: {missing}: No such file or directory"
    assert Bank.objects.count() == 0


def test_a_bad_second_file_means_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "empty.md"
    bad.write_bytes(b"")

    with pytest.raises(CommandError):
        call_command("import_source", str(SEED_ARTICLE), str(bad))

    assert capsys.readouterr().err.startswith(f"error: {bad}: ")
    assert Bank.objects.count() == 0
    assert Question.objects.count() == 0


def test_a_failed_batch_leaves_earlier_imports_untouched(tmp_path: Path) -> None:
    call_command("import_source", str(SEED_ARTICLE))
    before = dict(Question.objects.values_list("key", "updated_at"))
    shorter = tmp_path / SEED_ARTICLE.name
    shorter.write_text(SEED_ARTICLE.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError):
        call_command("import_source", str(shorter), str(missing))

    assert dict(Question.objects.values_list("key", "updated_at")) == before
    assert Question.objects.not_retired().count() == len(before)


def test_two_files_for_the_same_bank_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / SEED_ARTICLE.name
    copy.write_bytes(SEED_ARTICLE.read_bytes())

    with pytest.raises(CommandError):
        call_command("import_source", str(SEED_ARTICLE), str(copy))

    assert f"error: {copy}: same bank as {SEED_ARTICLE}" in capsys.readouterr().err
    assert Bank.objects.count() == 0


def test_it_prints_each_stage_as_it_reaches_it(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_source", str(SEED_ARTICLE))

    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        f"{SEED_ARTICLE}: parsing...",
        f"{SEED_ARTICLE}: generating...",
        "saving 1 bank...",
    ]
    assert lines[3].startswith("POEMS")
