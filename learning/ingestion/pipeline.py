"""Entry points: bytes -> text (strict), text -> DraftBank."""

from __future__ import annotations

import re
from pathlib import PurePath

from learning.ingestion.article import assemble
from learning.ingestion.collector import Collector
from learning.ingestion.documents import document_html, document_kind
from learning.ingestion.errors import IngestionError
from learning.ingestion.facts import collect
from learning.ingestion.list_questions import add_lists, add_section_cards
from learning.ingestion.model import DraftBank
from learning.ingestion.phrase_questions import add_phrase_questions
from learning.ingestion.readers import Node, read_html, read_markdown, read_plain
from learning.ingestion.selection import budget_for, select
from learning.ingestion.sentence_questions import add_sentence_questions
from learning.ingestion.term_questions import (
    add_abbreviations,
    add_acronym,
    add_definitions,
    add_other_names,
)
from learning.ingestion.text import slugify

MAX_SOURCE_BYTES = 5 * 1024 * 1024
_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    # Documents arrive here as the HTML that decode_source made of them.
    ".pdf": "pdf",
    ".docx": "docx",
}
_HTML_SNIFF = re.compile(r"<(?:!doctype html|html|body|p|h[1-6]|div|article|main)\b", re.I)
_MARKDOWN_SNIFF = re.compile(r"^#{1,6} \S", re.M)


def decode_source(data: bytes, filename: str = "") -> str:
    """Strict decoding: a file that is not UTF-8 text is refused, never guessed at. A PDF or
    DOCX document (known by its bytes or, when damaged, its name) becomes simple HTML."""
    if not data.strip():
        raise IngestionError("the file is empty")
    if len(data) > MAX_SOURCE_BYTES:
        raise IngestionError(
            f"the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_SOURCE_BYTES // 1_048_576} MB"
        )
    kind = document_kind(data, PurePath(filename).name)
    if kind:
        return document_html(data, kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestionError("the file is UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in data[:8192]:
        raise IngestionError("the file looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestionError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02X} at position "
            f"{error.start}); save it as UTF-8 and try again"
        ) from None
    # The sniff above reads only the start; a NUL further in cannot be stored by PostgreSQL.
    if "\x00" in text:
        raise IngestionError(
            f"the file contains a NUL byte (at character {text.index(chr(0))}), so it is not "
            "plain text; remove it and try again"
        )
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise IngestionError("the file looks binary (it contains control characters), not text")
    return text


def detect_format(text: str, filename: str = "") -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    if _HTML_SNIFF.search(text[:4096]):
        return "html"
    return "markdown" if _MARKDOWN_SNIFF.search(text) else "text"


def read_nodes(text: str, source_format: str) -> list[Node]:
    readers = {
        "html": read_html,
        "markdown": read_markdown,
        "text": read_plain,
        "pdf": read_html,
        "docx": read_html,
    }
    return readers[source_format](text)


def build_bank(text: str, *, filename: str = "") -> DraftBank:
    if not text.strip():
        raise IngestionError("the file is empty")
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise IngestionError(f"the text is over the {MAX_SOURCE_BYTES // 1_048_576} MB limit")
    source_format = detect_format(text, filename)
    article = assemble(read_nodes(text, source_format))
    facts = collect(article)
    out = Collector()
    for add in (
        add_acronym,
        add_other_names,
        add_section_cards,
        add_lists,
        add_definitions,
        add_abbreviations,
        add_phrase_questions,
        add_sentence_questions,
    ):
        add(facts, out)
    questions = select(out.questions(), budget=budget_for(facts))
    if not questions:
        raise IngestionError("no questions could be made: the article has no usable facts")
    return DraftBank(
        title=article.title,
        slug=slugify(article.title),
        source_format=source_format,
        questions=questions,
    )
