import pytest

from learning.ingestion.readers import _main_content, read_html, read_markdown, read_plain


def kinds(nodes):
    return [(node.kind, node.text) for node in nodes]


def test_plain_text_finds_title_headings_paragraphs_and_bullets():
    nodes = read_plain(
        "Some Disease\n\nWhat is it?\n\nIt is a thing. It lasts.\n\n"
        "Symptoms\n\nSymptoms include:\n  • Fever.\n"
        "  • Long item that wraps\n    onto a second line.\n"
        "  - Dash item\n  1) Numbered item\n"
    )
    assert kinds(nodes) == [
        ("title", "Some Disease"),
        ("heading", "What is it?"),
        ("para", "It is a thing. It lasts."),
        ("heading", "Symptoms"),
        ("para", "Symptoms include:"),
        ("item", "Fever."),
        ("item", "Long item that wraps onto a second line."),
        ("item", "Dash item"),
        ("item", "Numbered item"),
    ]


def test_plain_text_joins_hard_wrapped_paragraph_lines():
    nodes = read_plain("Title\n\nHeading\n\nA sentence that is\nwrapped by an editor.\n")
    assert nodes[-1].text == "A sentence that is wrapped by an editor."


def test_a_short_line_at_the_very_end_is_not_a_heading():
    nodes = read_plain("Title\n\nHeading\n\nText here.\n\nHelpline 555 1234")
    assert nodes[-1].kind == "para"


def test_html_reads_only_the_main_content_and_skips_page_regions():
    html = """<html><head><title>Thing | Site</title><script>var x = 1;</script></head>
    <body><nav><a href="/">Home</a></nav><div class="cookie-banner">We use cookies</div>
    <main><h1>Thing</h1><h2>What is it?</h2><p>It&rsquo;s rare &amp; odd.</p>
    <ul><li><strong>Scan</strong>: shows the bones.</li><li>Plain item</li></ul>
    <dl><dt>Term</dt><dd>Its meaning here.</dd></dl>
    <aside>Related articles</aside></main><footer>Call 216.444.2606</footer></body></html>"""
    nodes = read_html(html)
    texts = [node.text for node in nodes]
    assert texts[0] == "Thing | Site"
    assert ("heading", "Thing") in kinds(nodes)
    assert "It’s rare & odd." in texts
    scan = next(node for node in nodes if node.text.startswith("Scan"))
    assert (scan.kind, scan.name, scan.text) == ("item", "Scan", "Scan: shows the bones.")
    assert any(node.name == "Term" and node.text == "Term: Its meaning here." for node in nodes)
    joined = " ".join(texts)
    for furniture in ("Home", "cookies", "Related", "216.444.2606", "var x"):
        assert furniture not in joined


def test_html_heading_levels_are_kept():
    nodes = read_html("<h1>T</h1><h2>Group</h2><h3>Sub</h3><p>Text.</p>")
    assert [(node.text, node.level) for node in nodes if node.kind == "heading"] == [
        ("T", 1),
        ("Group", 2),
        ("Sub", 3),
    ]


def test_markdown_is_read_through_html_with_bold_names():
    nodes = read_markdown(
        "# Title\n\n## Tests\n\nTests include:\n\n- **Biopsy**: takes tissue.\n1. first step\n"
    )
    assert ("heading", "Title") in kinds(nodes)
    biopsy = next(node for node in nodes if node.kind == "item" and node.name)
    assert biopsy.name == "Biopsy"


@pytest.mark.parametrize(
    ("html", "main"),
    [
        ("<p>a</p><main>b</main><p>c</p>", "<main>b</main>"),
        # An opening tag never closed is passed over for the next one that is.
        ("<article>x<MAIN id=m>y</Main ><main>z</main>w", "<MAIN id=m>y</Main ><main>z</main>"),
        ("<main>never closed<p>text</p>", None),
        ("</main><main>closed only before it", None),
        ("<mainly>no</mainly>", None),
    ],
)
def test_the_main_content_runs_from_the_first_closed_opening_tag_to_its_last_closing_tag(
    html, main
):
    assert _main_content(html) == main


def test_plain_text_headings_underlined_with_equals_and_dashes():
    nodes = read_plain(
        "Site: Gout\n\nAbout Gout\n==========\n\nJoint Pain\n----------\n\n"
        "Gout causes joint pain.\nIt comes in attacks.\n\nWhat helps?\n-----------\nRest helps.\n"
    )
    assert [(node.kind, node.text, node.level) for node in nodes] == [
        ("title", "Site: Gout", 0),
        ("heading", "About Gout", 2),
        ("heading", "Joint Pain", 3),
        ("para", "Gout causes joint pain. It comes in attacks.", 0),
        ("heading", "What helps?", 3),
        ("para", "Rest helps.", 0),
    ]


def test_plain_text_numbered_headings_and_numbered_lists_differ():
    nodes = read_plain(
        "Gout\n\n1. Causes\n\nUric acid builds up.\n\n2. Treatment\n\nDrugs include:\n\n"
        "1. Colchicine\n2. Allopurinol\n\n3. Outlook\n\nMost people do well.\n"
    )
    assert kinds(nodes) == [
        ("title", "Gout"),
        ("heading", "Causes"),
        ("para", "Uric acid builds up."),
        ("heading", "Treatment"),
        ("para", "Drugs include:"),
        ("item", "Colchicine"),
        ("item", "Allopurinol"),
        ("heading", "Outlook"),
        ("para", "Most people do well."),
    ]


def test_an_all_caps_title_line_is_a_title():
    nodes = read_plain("GOUT AND PSEUDOGOUT\n\nOverview\n\nGout is arthritis.\n")
    assert kinds(nodes)[:2] == [("title", "GOUT AND PSEUDOGOUT"), ("heading", "Overview")]
