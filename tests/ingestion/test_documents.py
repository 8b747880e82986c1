"""PDF and DOCX sources: headings and lists survive, and broken documents get one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from learning.ingestion import IngestionError, build_bank, decode_source
from learning.ingestion.article import assemble
from learning.ingestion.pipeline import read_nodes
from tests.ingestion import documents
from tests.ingestion.documents import DRUGS, PARAGRAPH, TREATMENT


def article_of(data: bytes, filename: str):
    source_format = filename.rsplit(".", 1)[1]
    return assemble(read_nodes(decode_source(data, filename), source_format))


@pytest.mark.parametrize(
    ("make", "filename"),
    [(documents.gout_pdf, "gout.pdf"), (documents.gout_docx, "gout.docx")],
)
def test_a_document_keeps_its_title_headings_paragraphs_and_lists(make, filename):
    article = article_of(make(), filename)
    assert article.title == "Gout"
    sections = {section.heading: section for section in article.sections}
    assert list(sections) == ["What is gout?", "Who gets gout?", "How is gout treated?"]
    # Wrapped lines are joined back into the sentences as written, hyphens included.
    assert sections["What is gout?"].sentences == [
        PARAGRAPH.split(". ")[0] + ".",
        PARAGRAPH.split(". ")[1],
    ]
    treated = sections["How is gout treated?"]
    assert treated.sentences == [TREATMENT.split(". ")[0] + ".", TREATMENT.split(". ")[1]]
    assert [block.lead_in for block in treated.lists] == ["Drugs for gout include:"]
    assert [item.text for item in treated.lists[0].items] == DRUGS
    everything = repr(article)
    assert "Clinic Library" not in everything  # the header line above the title
    assert "example.org" not in everything  # the cross-reference at the end


@pytest.mark.parametrize(
    ("make", "filename"),
    [(documents.gout_pdf, "gout.pdf"), (documents.gout_docx, "gout.docx")],
)
def test_a_document_gives_a_bank_with_its_format(make, filename):
    data = make()
    bank = build_bank(decode_source(data, filename), filename=filename)
    assert bank.title == "Gout"
    assert bank.source_format == filename.rsplit(".", 1)[1]
    assert any("uric acid crystals" in question.source_quote for question in bank.questions)


def test_a_pdf_is_known_by_its_bytes_whatever_its_name():
    text = decode_source(documents.gout_pdf(), "upload.bin")
    assert "<h1>Gout</h1>" in text


def test_a_pdf_with_an_empty_user_password_opens():
    assert "<h1>Gout</h1>" in decode_source(documents.gout_pdf(user_password=""), "gout.pdf")


def corrupt_pdf() -> bytes:
    data = documents.gout_pdf()
    return data[: len(data) // 3]


def garbage_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 40


@pytest.mark.parametrize(
    ("make", "filename", "message"),
    [
        (documents.image_only_pdf, "scan.pdf", "the PDF has no text layer"),
        (lambda: documents.gout_pdf(user_password="secret"), "locked.pdf", "encrypted"),
        (corrupt_pdf, "broken.pdf", "the PDF is damaged"),
        (garbage_pdf, "garbage.pdf", "the PDF is damaged"),
        (lambda: b"this is not a PDF at all", "fake.pdf", "the PDF is damaged"),
        (documents.encrypted_docx, "locked.docx", "encrypted"),
        (lambda: documents.gout_docx()[:2000], "broken.docx", "the Word file is damaged"),
        (lambda: b"PK\x03\x04 not a zip", "broken.docx", "the Word file is damaged"),
    ],
)
def test_broken_documents_are_refused_with_one_line(make, filename, message):
    with pytest.raises(IngestionError) as raised:
        decode_source(make(), filename)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_empty_word_document_is_refused():
    import io

    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    with pytest.raises(IngestionError, match="the Word file has no text"):
        decode_source(out.getvalue(), "empty.docx")


def test_the_cli_reads_a_pdf_and_refuses_a_scanned_one(tmp_path):
    good, scan = tmp_path / "gout.pdf", tmp_path / "scan.pdf"
    good.write_bytes(documents.gout_pdf())
    scan.write_bytes(documents.image_only_pdf())
    command = [sys.executable, "-m", "learning.ingestion"]
    ok = subprocess.run([*command, str(good)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert '"title": "Gout"' in ok.stdout
    bad = subprocess.run([*command, str(scan)], capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert bad.stderr.strip().count("\n") == 0
    assert "the PDF has no text layer" in bad.stderr


def test_pdf_lines_split_inside_a_word_are_joined_and_real_hyphens_kept():
    pdf = documents.hand_set_pdf(
        [
            [
                "Doctors begin treat-",
                "ment early, and chest x-",
                "rays show the lungs. The treatment",
                "helps most people.",
            ]
        ]
    )
    article = article_of(pdf, "gout.pdf")
    assert article.sections[0].sentences == [
        "Doctors begin treatment early, and chest x-rays show the lungs.",
        "The treatment helps most people.",
    ]


def test_running_headers_and_footers_of_a_pdf_are_dropped():
    body = [["Gout is a form of arthritis that", "causes pain in a joint."]] * 3
    pdf = documents.hand_set_pdf(
        body, header="Clinic Library fact sheet", footer="Page {page} of 3"
    )
    text = " ".join(article_of(pdf, "gout.pdf").sections[0].sentences)
    assert "Gout is a form of arthritis that causes pain in a joint." in text
    assert "Clinic Library" not in text
    assert "Page" not in text
