"""PDF and DOCX sources become simple HTML (headings, paragraphs, lists) that the HTML reader
reads like any page, so documents and web pages share one path downstream.

DOCX goes through mammoth, which keeps heading styles and list paragraphs. PDF goes through
pdfminer.six's layout analysis: it gives every character's font and size, so headings are the
lines set larger or bolder than the body text, and paragraphs are rebuilt from line spacing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from html import escape

from learning.ingestion.errors import IngestionError

MAX_PDF_PAGES = 100  # a book, not an article; each page costs pdfminer ~0.15 s
# A DOCX is a zip: refuse one that would expand to far more than any article (a zip bomb).
MAX_DOCX_EXPANDED_BYTES = 64 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BULLET = re.compile(r"^(?:[•●◦▪‣∙·*\-–—]|\(?\d{1,2}[.)])\s+")
_LONE_BULLET = re.compile(r"^[•●◦▪‣∙·*\-–—]$")
_WORD_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^(\w+)")


def document_kind(data: bytes, filename: str) -> str:
    """'pdf' or 'docx' when the bytes (or, for a damaged file, the name) say so; else ''."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(b"%PDF-") or suffix == "pdf":
        return "pdf"
    if suffix == "docx" or (data.startswith(_OLE_MAGIC) and suffix in {"doc", ""}):
        return "docx"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    return ""


def document_html(data: bytes, kind: str) -> str:
    return pdf_html(data) if kind == "pdf" else docx_html(data)


# --- DOCX ----------------------------------------------------------------------------------
def docx_html(data: bytes) -> str:
    import mammoth  # imported here: only documents need it

    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise IngestionError(
                "the Word file is encrypted (password-protected); save it without a password"
            )
        raise IngestionError("the file is an old Word document (.doc); save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if "word/document.xml" not in archive.namelist():
                raise IngestionError("the file is not a Word document (.docx)")
        if expanded > MAX_DOCX_EXPANDED_BYTES:
            raise IngestionError("the Word file expands to more than 64 MB; it is refused")
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(lambda image: {})
        )
    except IngestionError:
        raise
    except Exception:  # zipfile, XML and mammoth errors all mean the same to a user
        raise IngestionError("the Word file is damaged and cannot be read") from None
    html = result.value
    if not re.sub(r"<[^>]*>", "", html).strip():
        raise IngestionError("the Word file has no text")
    return html


# --- PDF -----------------------------------------------------------------------------------
@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    x0: float
    y0: float
    page: int
    label: str = ""  # a bold run-in label at the start ("EKG (electrocardiogram)."), if any
    margin: bool = False  # in the top or bottom tenth of the page, where running lines sit


def pdf_html(data: bytes) -> str:
    lines = _pdf_lines(data)
    if not any(line.text.strip() for line in lines):
        raise IngestionError(
            "the PDF has no text layer (it is probably a scanned image); run it through OCR "
            "or upload the text instead"
        )
    return _lines_html(_without_running_lines(lines))


def _pdf_lines(data: bytes) -> list[_Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    lines: list[_Line] = []
    try:
        # boxes_flow=None: no hierarchical grouping of text boxes, which costs the square of
        # their number on a page; our documents are read top to bottom anyway.
        layout = LAParams(boxes_flow=None)
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=layout)):
            if number >= MAX_PDF_PAGES:
                raise IngestionError(f"the PDF has more than {MAX_PDF_PAGES} pages")
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    chars = [char for char in line if isinstance(char, LTChar)]
                    # Justified lines come with runs of spaces between their words.
                    text = re.sub(r"\s+", " ", line.get_text().rstrip("\r\n"))
                    if not chars or not text.strip():
                        continue
                    size = Counter(round(char.size, 1) for char in chars).most_common(1)[0][0]
                    bold = sum(_is_bold(char.fontname) for char in chars) * 2 > len(chars)
                    label = _bold_label(line, LTChar)
                    margin = not page.height * 0.1 < line.y0 < page.height * 0.9
                    lines.append(_Line(text, size, bold, line.x0, line.y0, number, label, margin))
    except IngestionError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestionError(
            "the PDF is encrypted (password-protected); save a copy without a password"
        ) from None
    except PDFSyntaxError:
        raise IngestionError("the PDF is damaged and cannot be read") from None
    except Exception as error:  # pdfminer raises many kinds on broken files
        if "encrypt" in str(error).lower() or "password" in str(error).lower():
            raise IngestionError(
                "the PDF is encrypted (password-protected); save a copy without a password"
            ) from None
        raise IngestionError("the PDF is damaged and cannot be read") from None
    return lines


def _bold_label(line: object, char_type: type) -> str:
    """The bold text a line starts with (after any bullet), or ''."""
    label: list[str] = []
    for obj in line:  # type: ignore[attr-defined]
        text = obj.get_text()
        if isinstance(obj, char_type) and not _is_bold(obj.fontname):  # type: ignore[attr-defined]
            if label and text.strip() or not _BULLET.match(text + " "):
                break
            continue  # the bullet glyph, set in a symbol font
        if label or text.strip():
            label.append(text)
    else:
        return ""  # bold throughout: a heading, not a label
    return "".join(label).strip()


def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold", fontname, re.I))


def _without_running_lines(lines: list[_Line]) -> list[_Line]:
    """Drops running headers and footers: the same line (numbers aside) at the same height in
    a page margin on at least half of the pages, when there are several pages."""
    pages = len({line.page for line in lines})
    if pages < 3:
        return lines
    keys = Counter(_running_key(line) for line in lines if line.margin)
    return [line for line in lines if not line.margin or keys[_running_key(line)] * 2 < pages]


def _running_key(line: _Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.strip().lower()), round(line.y0 / 4)


def _lines_html(lines: list[_Line]) -> str:
    body_size = Counter(line.size for line in lines for _ in line.text).most_common(1)[0][0]
    heading_sizes = sorted(
        {line.size for line in lines if line.size > body_size + 0.5}, reverse=True
    )
    spacing = _line_spacing(lines, body_size)
    words = _document_words(lines)
    blocks: list[_Block] = []
    previous: _Line | None = None
    bullet_at: _Line | None = None  # a bullet set on a line of its own, left of its text
    for line in lines:
        text = line.text.strip()
        if _LONE_BULLET.match(text):
            bullet_at = line
            continue
        bulleted = bullet_at is not None and bullet_at.page == line.page
        bulleted = bulleted and abs(bullet_at.y0 - line.y0) < line.size / 2
        bullet_at = None
        tag = _tag(line, body_size, heading_sizes)
        if bulleted or _BULLET.match(text):
            tag, text = "li", _BULLET.sub("", text, count=1)
        if previous is not None and blocks and _continues(previous, line, tag, blocks, spacing):
            _join(blocks[-1].lines, line.text, words)
        else:
            blocks.append(_Block(tag, [text], line.label if tag == "li" else ""))
        previous = line
    return _render(blocks)


@dataclass
class _Block:
    tag: str
    lines: list[str]  # each with the separator that joins it to the one before
    label: str = ""

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _tag(line: _Line, body_size: float, heading_sizes: list[float]) -> str:
    text = line.text.strip()
    if _BULLET.match(text):
        return "li"
    if line.size in heading_sizes:
        return f"h{min(heading_sizes.index(line.size) + 1, 6)}"
    if line.bold and len(text.split()) <= 12 and not text.endswith((".", ",", ";")):
        return f"h{min(len(heading_sizes) + 1, 6)}"
    return "p"


def _line_spacing(lines: list[_Line], body_size: float) -> float:
    """The usual distance between the baselines of two lines of one body paragraph, per point
    of font size (larger type is set with more space between its lines)."""
    gaps = [
        a.y0 - b.y0
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and a.size == b.size == body_size and 0 < a.y0 - b.y0 < 3 * body_size
    ]
    return (min(gaps) if gaps else body_size * 1.2) / body_size


def _continues(
    previous: _Line, line: _Line, tag: str, blocks: list[_Block], spacing: float
) -> bool:
    """Whether `line` goes on the block `previous` ended: the same kind of text, no bullet of
    its own, and either the next line at the usual spacing or, over a page break, a sentence
    left unfinished."""
    last_tag, last_line = blocks[-1].tag, blocks[-1].lines[-1]
    if tag == "li" or (last_tag != tag and not (last_tag == "li" and tag == "p")):
        return False
    if last_tag == "li" and line.x0 <= previous.x0 - 2:
        return False  # back at the margin: the list has ended
    if line.size != previous.size or (line.bold != previous.bold and last_tag != "li"):
        return False
    if line.page != previous.page:
        return not last_line.rstrip().endswith((".", "!", "?", ":"))
    return previous.y0 - line.y0 <= spacing * line.size * 1.3


def _document_words(lines: list[_Line]) -> set[str]:
    """Every word and hyphenated compound the document prints whole on a line."""
    found: set[str] = set()
    for line in lines:
        for token in re.findall(r"\w+(?:-\w+)*", line.text.lower()):
            found.add(token)
            found.update(token.split("-"))
    return found


def _join(lines: list[str], more: str, words: set[str]) -> None:
    """Adds a wrapped line to its block. A line that ends in a hyphen is a word the layout
    split ('treat-' + 'ment') when the joined word occurs elsewhere in the document, otherwise
    a real hyphen ('x-' + 'rays'); a line ending in a dash runs on without a space. Only the
    last line is looked at, so a block of thousands of lines costs no more than its length."""
    more, last = more.strip(), lines[-1]
    if last.endswith(("—", "–")):
        lines.append(more)
        return
    end, start = _WORD_END.search(last), _WORD_START.match(more)
    if end and start:
        joined = end.group(1) + start.group(1)
        if joined.lower() in words and f"{end.group(1)}-{start.group(1)}".lower() not in words:
            lines[-1] = last[:-1]
        lines.append(more)
        return
    lines[-1] = last.rstrip()
    lines.append(f" {more}")


def _render(blocks: list[_Block]) -> str:
    out: list[str] = []
    in_list = False
    for block in blocks:
        tag, text = block.tag, escape(block.text, quote=False)
        if tag == "li" and not in_list:
            out.append("<ul>")
        elif tag != "li" and in_list:
            out.append("</ul>")
        in_list = tag == "li"
        if block.label and block.text.startswith(block.label):
            label = escape(block.label, quote=False)
            text = f"<strong>{label}</strong>{text[len(label) :]}"
        out.append(f"<{tag}>{text}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)
