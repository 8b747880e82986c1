"""source_parse takes a document's bytes and name like any article's."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learning.ingestion import IngestionError
from learning.models import Bank
from learning.services.imports import source_parse
from tests.ingestion import documents


def test_a_pdf_parses_to_a_draft_and_keeps_its_text():
    parsed = source_parse(data=documents.gout_pdf(), filename="/tmp/gout.pdf")
    assert parsed.filename == "gout.pdf"
    assert parsed.draft.title == "Gout"
    assert "uric acid crystals" in parsed.text


def test_a_scanned_pdf_is_refused_by_source_parse():
    with pytest.raises(IngestionError, match="the PDF has no text layer"):
        source_parse(data=documents.image_only_pdf(), filename="scan.pdf")


@pytest.mark.django_db
def test_import_source_imports_a_docx_and_refuses_an_encrypted_one(tmp_path, capsys):
    good, locked = tmp_path / "gout.docx", tmp_path / "locked.docx"
    good.write_bytes(documents.gout_docx())
    locked.write_bytes(documents.encrypted_docx())
    call_command("import_source", str(good))
    assert Bank.objects.get().title == "Gout"
    with pytest.raises(CommandError):
        call_command("import_source", str(locked))
    assert "encrypted" in capsys.readouterr().err
    assert Bank.objects.count() == 1
