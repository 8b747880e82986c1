import pytest

from learning.ingestion.article import assemble
from learning.ingestion.furniture import clean_title, is_furniture_text
from learning.ingestion.readers import read_html, read_markdown, read_plain


def all_text(article):
    parts = [article.title]
    for section in article.sections:
        parts += [section.heading, *section.sentences]
        for block in section.lists:
            parts += [block.lead_in, *(item.text for item in block.items)]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "line",
    [
        "Home > Health Information > Kidney Disease > Gout",
        "Home › Gout",
        "Health Topics / Lung Diseases / Gout",
        "Clinic > Disorders > Gout",
        "Print | Share this page | En español",
        "Related topics: Arthritis | Kidney Stones | Diet",
        "Get Web page suited for printing | Email this to a friend",
        "Updated: March 20, 2015",
        "Last reviewed: May 2014",
        "Page last updated February 23, 2016",
        "Reviewed: December 2015 | Published: March 28, 2017",
        "For more information, see Kidney Stones and Diet.",
        '(For more information, go to "How Is Gout Treated?")',
        "For information on gout in children, see the summary on Childhood Arthritis.",
        "More information about uric acid is provided in the health topic, Uric Acid.",
        "To read about diet, click here.",
        "Visit www.example.org for more.",
        "Questions? Call the Information Center at 1-888-205-2311.",
        "Contact Us: 1-800-4-CANCER",
        "Last modified: 3 June 2021",
        "Share on Facebook | Share on X",
        "Follow us for news.",
    ],
)
def test_page_furniture_is_recognised(line):
    assert is_furniture_text(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Gout is a form of arthritis that causes pain > 3 days in 5 of 10 people.",
        "For most people, gout attacks end within 2 weeks.",
        "For this reason, see a doctor if the pain comes back.",
        "Other Names: podagra; gouty arthritis; uric acid arthropathy",
        "Doctors check the joint and the blood.",
        "More research is needed.",
    ],
)
def test_article_sentences_are_not_furniture(sentence):
    assert not is_furniture_text(sentence)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Gout Information Page", "Gout"),
        ("Gout Treatment (PDQ®)–Patient Version", "Gout Treatment"),
        ("Gout | Clinic Site", "Gout"),
        ("Gout - Clinic, NIH", "Gout"),
        ("Genetics Reference: gout", "gout"),
        ("GOUT", "Gout"),
    ],
)
def test_titles_lose_site_names_and_suffixes(title, expected):
    body = "Gout is a form of arthritis. Gout causes pain. Treatment of gout helps."
    assert clean_title(title, body) == expected


PLAIN = """\
Clinic Library: Gout Information Page

Clinic > Disorders > Gout
Print | Email | Share this page

Table of Contents (click to jump to sections)
- Overview
- Causes
- Organizations

Overview

Gout is a form of arthritis. For more information, see the Arthritis Fact Sheet.

Causes

Gout is caused by uric acid crystals in a joint.

Organizations

Gout Foundation
Phone: 555-123-4567

Last updated February 23, 2016
"""


def test_plain_text_furniture_never_becomes_content():
    article = assemble(read_plain(PLAIN))
    assert article.title == "Gout"
    text = all_text(article)
    assert "Gout is a form of arthritis." in text
    assert "uric acid crystals" in text
    for furniture in (
        "Clinic >",
        "Share",
        "Table of Contents",
        "- Overview",
        "Fact Sheet",
        "Gout Foundation",
        "555",
        "Last updated",
        "Information Page",
        "Library",
    ):
        assert furniture not in text
    assert [section.heading for section in article.sections] == ["Overview", "Causes"]


def test_a_table_of_contents_list_is_dropped_but_a_key_points_list_is_kept():
    html = """<h1>Gout</h1><ul><li>Overview</li><li>Causes</li></ul>
    <h2>Key points</h2><ul><li>Gout is a form of arthritis.</li><li>It hurts.</li></ul>
    <h2>Overview</h2><h3>Gout is a form of arthritis.</h3><p>It affects joints.</p>
    <h2>Causes</h2><p>Uric acid causes it.</p>"""
    text = all_text(assemble(read_html(html)))
    assert "Gout is a form of arthritis." in text.split("Overview")[0]
    assert text.count("Causes") == 1  # the heading, not the contents entry


def test_html_without_main_is_read_from_its_title_and_skips_the_header_and_sidebar():
    html = """<html><head><title>Gout - Clinic, NIH</title></head><body>
    <div id="header"><div class="logo">National Clinic of Joints</div><div>Search</div></div>
    <div class="crumbs">Home &raquo; Topics &raquo; Gout</div>
    <div id="content"><h1>Gout</h1>
    <div class="toolbar">Print · Email · Share this page: Facebook</div>
    <h2>What is gout?</h2><p>Gout is a form of arthritis.</p>
    <div class="see-also">For more information, see <a href="/x">Arthritis</a>.</div>
    <div class="updated">Updated: June 11, 2014</div></div>
    <div id="sidebar"><b>Related Topics</b><br><a href="/v">Vasculitis</a></div>
    <div id="footer">Phone: 301-592-8573</div></body></html>"""
    article = assemble(read_html(html))
    assert article.title == "Gout"
    assert all_text(article) == "Gout\nWhat is gout?\nGout is a form of arthritis."


def test_markdown_breadcrumbs_and_tool_lines_above_the_title_are_dropped():
    md = """[Home](/) › [Topics](/t) › Gout

# Gout (PDQ®)–Patient Version

*Updated: May 2014* · [Print](#) · [Share this page](#)

## What is gout?

Gout is a form of arthritis.
"""
    article = assemble(read_markdown(md))
    assert article.title == "Gout"
    assert all_text(article) == "Gout\nWhat is gout?\nGout is a form of arthritis."


def test_html_without_main_keeps_the_region_that_holds_the_article():
    html = """<html><body>
    <div class="top">Clinic of Joints</div>
    <div class="row"><div class="col-9"><h1>Gout</h1>
      <h2>What is gout?</h2><p>Gout is a form of arthritis that causes sudden pain.</p>
      <p>It often starts in the big toe, and attacks can last for days.</p>
      <h2>Treatment</h2><p>Drugs ease the pain of an attack and lower uric acid levels.</p>
    </div>
    <div class="col-3"><h3>Other topics</h3><p>Lupus. Arthritis.</p></div></div>
    <div class="bottom"><p>Clinic of Joints, 1 Main Street.</p></div></body></html>"""
    text = all_text(assemble(read_html(html)))
    assert "sudden pain" in text and "uric acid" in text
    for outside in ("Other topics", "Lupus", "Main Street", "Clinic of Joints"):
        assert outside not in text


def test_html_without_main_whose_title_sits_in_its_own_box_keeps_the_content_beside_it():
    html = """<body><div class="page"><div class="title-bar"><h1>Gout</h1></div>
    <div class="text"><h2>What is gout?</h2><p>Gout is a form of arthritis.</p>
    <p>It causes sudden pain in a joint.</p></div></div></body>"""
    text = all_text(assemble(read_html(html)))
    assert "Gout is a form of arthritis." in text and "sudden pain" in text
