"""Small PDF and DOCX files written by the tests themselves (fpdf2, python-docx)."""

from __future__ import annotations

import io

from docx import Document
from fpdf import FPDF

PARAGRAPH = (
    "Gout is a form of arthritis that causes sudden attacks of pain, swelling and redness in "
    "a joint. The attacks often start in the big toe and are caused by uric acid crystals "
    "that build up in the joint when the blood holds too much uric acid."
)
TREATMENT = (
    "Treatment eases the pain of an attack and lowers uric acid so that attacks do not come "
    "back. Anti-inflammatory drugs are used first."
)
DRUGS = ["Colchicine, which eases the pain of an attack.", "Allopurinol, which lowers uric acid."]


def gout_pdf(*, user_password: str | None = None) -> bytes:
    """A two-page article: a large title, bold headings, wrapped paragraphs and a list."""
    pdf = FPDF()
    pdf.set_margins(20, 20, 20)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("helvetica", "", 9)
    pdf.cell(text="Clinic Library - Health Topics", new_x="LMARGIN", new_y="NEXT")
    _pdf_heading(pdf, "Gout", 20)
    _pdf_heading(pdf, "What is gout?", 14)
    _pdf_paragraph(pdf, PARAGRAPH)
    _pdf_heading(pdf, "Who gets gout?", 14)
    _pdf_paragraph(pdf, "Gout is more common in men than in women, and in people over 40.")
    pdf.add_page()
    _pdf_heading(pdf, "How is gout treated?", 14)
    _pdf_paragraph(pdf, TREATMENT)
    _pdf_paragraph(pdf, "Drugs for gout include:")
    for drug in DRUGS:
        pdf.set_x(25)
        pdf.multi_cell(w=0, h=6, text=f"- {drug}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _pdf_paragraph(pdf, "For more information, see www.example.org/gout.")
    return bytes(pdf.output())


def _pdf_heading(pdf: FPDF, text: str, size: int) -> None:
    pdf.ln(4)
    pdf.set_font("helvetica", "B", size)
    pdf.cell(text=text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _pdf_paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(w=0, h=6, text=text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def image_only_pdf() -> bytes:
    """What a scanner makes: a page that is one picture, with no text layer."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=150)
    return bytes(pdf.output())


def gout_docx() -> bytes:
    document = Document()
    document.add_paragraph("Clinic Library - Health Topics")
    document.add_heading("Gout", level=1)
    document.add_heading("What is gout?", level=2)
    document.add_paragraph(PARAGRAPH)
    document.add_heading("Who gets gout?", level=2)
    document.add_paragraph("Gout is more common in men than in women, and in people over 40.")
    document.add_heading("How is gout treated?", level=2)
    document.add_paragraph(TREATMENT)
    document.add_paragraph("Drugs for gout include:")
    for drug in DRUGS:
        document.add_paragraph(drug, style="List Bullet")
    document.add_paragraph("For more information, see www.example.org/gout.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_docx() -> bytes:
    import msoffcrypto.format.ooxml

    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(gout_docx())).encrypt("secret", out)
    return out.getvalue()


def hand_set_pdf(pages: list[list[str]], *, header: str = "", footer: str = "") -> bytes:
    """Lines set one by one (so the test decides where they wrap) under a bold title and a
    heading, with an optional running header and footer on every page ('{page}' numbered)."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.set_font("helvetica", "", 8)
            pdf.set_xy(20, 8)
            pdf.cell(text=header.format(page=number))
        pdf.set_xy(20, 40)
        if number == 1:
            _pdf_heading(pdf, "Gout", 20)
            _pdf_heading(pdf, "What is gout?", 14)
        pdf.set_font("helvetica", "", 11)
        for line in lines:
            pdf.set_x(20)
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT", h=6)
        if footer:
            pdf.set_font("helvetica", "", 8)
            pdf.set_xy(20, 285)
            pdf.cell(text=footer.format(page=number))
    return bytes(pdf.output())
