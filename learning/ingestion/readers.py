"""Readers turn plain text, Markdown or HTML into one flat stream of nodes.

Every format ends up as the same `Node` list, so everything downstream has one path.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from learning.ingestion.errors import IngestionError
from learning.ingestion.text import clean_space


@dataclass
class Node:
    kind: str  # "title", "heading", "para" or "item"
    text: str
    level: int = 0  # heading level when the format says it; 0 when it has to be guessed
    list_id: int = 0  # items of one list share an id
    name: str = ""  # "Name" of a "Name: description" item, when the markup marks it (bold)
    # HTML: the page regions (div, section, td...) the node sits in, outermost first, by
    # serial number; used to keep the region that holds the article when no <main> says so.
    regions: tuple[int, ...] = ()


_BULLET = re.compile(r"^\s*(?:[•●◦▪‣∙·*\-–—]|\(?\d{1,2}[.)])\s+(\S.*)$")
_HEADING_END = re.compile(r"[.!,;:]$")


_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_NUMBERED_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?)\s+([A-Z].*)$")


def read_plain(text: str) -> list[Node]:
    """Plain text: blank lines part blocks, bullets start items, short lone lines are headings,
    and so are lines underlined with === or ---."""
    nodes: list[Node] = []
    groups = _line_groups(text)
    list_id = 0
    for index, (group, level) in enumerate(groups):
        if level:
            nodes.append(Node("title" if not nodes else "heading", clean_space(group[0]), level))
            continue
        numbered = _numbered_heading(group, groups, index)
        if numbered:
            nodes.append(Node("title" if not nodes else "heading", numbered))
            continue
        bullets = [_BULLET.match(line) for line in group]
        if any(bullets):
            list_id += 1
            _read_list_group(group, list_id, nodes)
            continue
        if len(group) == 1 and _looks_like_heading(group[0], groups, index):
            kind = "title" if not nodes else "heading"
            nodes.append(Node(kind, clean_space(group[0])))
            continue
        nodes.append(Node("para", clean_space(" ".join(group))))
    return nodes


Group = tuple[list[str], int]  # lines, and the heading level an underline gave them (or 0)


def _line_groups(text: str) -> list[Group]:
    """Blocks of lines between blank lines; an underlined line is a block of its own."""
    groups: list[Group] = [([], 0)]
    for line in text.splitlines():
        lines = groups[-1][0]
        underline = _UNDERLINE.match(line)
        if underline and lines and len(line.strip()) >= 3 and not _UNDERLINE.match(lines[-1]):
            heading = lines.pop()
            level = 2 if underline.group(1)[0] == "=" else 3
            groups.append(([heading], level))
            groups.append(([], 0))
        elif underline and len(line.strip()) >= 3:
            groups.append(([], 0))  # a rule between blocks, not text
        elif line.strip():
            lines.append(line.rstrip())
        elif lines:
            groups.append(([], 0))
    return [(lines, level) for lines, level in groups if lines]


def _numbered_heading(group: list[str], groups: list[Group], index: int) -> str:
    """'1. Causes' or '2.1 Tests' alone on its line, with a paragraph after it (a numbered list
    goes on with its next number instead)."""
    if len(group) != 1:
        return ""
    match = _NUMBERED_HEADING.match(group[0])
    if not match or not _looks_like_heading(match.group(1), groups, index):
        return ""
    following = groups[index + 1][0] if index + 1 < len(groups) else []
    if not following or _BULLET.match(following[0]) or _NUMBERED_HEADING.match(following[0]):
        return ""
    return clean_space(match.group(1))


def _read_list_group(group: list[str], list_id: int, nodes: list[Node]) -> None:
    for line in group:
        match = _BULLET.match(line)
        if match:
            nodes.append(Node("item", clean_space(match.group(1)), list_id=list_id))
        elif nodes and nodes[-1].kind == "item" and line[:1].isspace():
            nodes[-1].text = clean_space(f"{nodes[-1].text} {line}")  # a wrapped bullet
        else:
            nodes.append(Node("para", clean_space(line)))  # a lead-in line above the bullets


def _looks_like_heading(line: str, groups: list[Group], index: int) -> bool:
    stripped = line.strip()
    word_count = len(stripped.split())
    if stripped.endswith("?"):
        return word_count <= 20
    if _HEADING_END.search(stripped) or word_count > 10 or not stripped[0].isalnum():
        return False
    # A short line is a heading only when something follows it.
    return index + 1 < len(groups)


# Elements whose content is never article text.
_SKIP_TAGS = frozenset(
    "script style noscript template nav footer aside form button select svg iframe canvas".split()
)
_SKIP_HINTS = re.compile(
    r"cookie|consent|banner|advert|promo|newsletter|share|social|breadcrumb|related|menu|"
    r"sidebar|subscribe|skip|footer|navigation|popup|modal",
    re.I,
)
_SKIP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
)
_BLOCK_TAGS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 ul ol dl dt dd table tr td th section article main header "
    "blockquote figure figcaption br hr pre body".split()
)
# Page regions: the article is one of them, sidebars and footers are others.
_REGION_TAGS = frozenset("div section article main header body td".split())
_MAX_REGION_DEPTH = 32  # deeper regions are not candidates (and a hostile page stays linear)
# The article's region holds at least this share of the page's text.
_ARTICLE_SHARE = 0.6
_VOID_TAGS = frozenset("br hr img meta link input area base col embed source track wbr".split())


class _ArticleHTMLParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[Node] = []
        self.page_title = ""
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        # Kept beside the stack so that no tag costs a walk down it: a page of 40,000 unclosed
        # <b> would otherwise cost the square of its length.
        self._open: Counter[str] = Counter()
        self._blocks: list[str] = []  # the block tags among the open ones, innermost last
        self._regions: list[int] = []  # serials of the open region tags
        self._next_region = 0
        self._skip_depth = 0
        self._buffer: list[str] = []
        self._has_text = False  # whether the buffer holds more than white space
        self._in_title = False
        self._list_ids: list[int] = []
        self._next_list = 0
        self._bold_prefix = ""
        self._item_bold = False
        self._dt_name = ""

    # --- structure -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _VOID_TAGS:
            if tag in {"br", "hr"}:
                self._buffer.append(" ")
            return
        skipped = self._skip_depth > 0 or _should_skip(tag, dict(attrs))
        self._stack.append((tag, skipped))
        self._open[tag] += 1
        if tag in _BLOCK_TAGS:
            self._blocks.append(tag)
        if tag in _REGION_TAGS:
            self._next_region += 1
            self._regions.append(self._next_region)
        if skipped:
            self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in {"ul", "ol", "dl"}:
            self._next_list += 1
            self._list_ids.append(self._next_list)
        if tag in {"strong", "b"} and self._current_block() in {"li", "dt"} and not self._has_text:
            self._item_bold = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID_TAGS or not self._open[tag]:
            return
        while self._stack:
            open_tag, skipped = self._stack.pop()
            self._open[open_tag] -= 1
            if open_tag in _BLOCK_TAGS:
                self._blocks.pop()
            if open_tag in _REGION_TAGS:
                self._regions.pop()
            if skipped:
                self._skip_depth -= 1
            elif open_tag in _BLOCK_TAGS:
                self._flush(closing=open_tag)
                if open_tag in {"ul", "ol", "dl"} and self._list_ids:
                    self._list_ids.pop()
            elif open_tag in {"strong", "b"} and self._item_bold:
                self._bold_prefix = self._text()
                self._item_bold = False
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page_title += data
        elif self._skip_depth == 0 and self._stack:
            self._buffer.append(data)
            self._has_text = self._has_text or not data.isspace()

    # --- helpers -----------------------------------------------------------------------
    def _current_block(self) -> str:
        return self._blocks[-1] if self._blocks else ""

    def _text(self) -> str:
        return clean_space("".join(self._buffer))

    def _flush(self, closing: str = "") -> None:
        text = self._text()
        self._buffer = []
        self._has_text = False
        name, self._bold_prefix = self._bold_prefix, ""
        block = closing or self._current_block()
        if not text:
            return
        list_id = self._list_ids[-1] if self._list_ids else 0
        if re.fullmatch(r"h[1-6]", block):
            self._add(Node("heading", text, level=int(block[1])))
        elif block == "dt":
            self._dt_name = text
        elif block == "dd" and self._dt_name:
            self._add(Node("item", f"{self._dt_name}: {text}", list_id=list_id, name=self._dt_name))
            self._dt_name = ""
        elif block == "li" or (list_id and block in {"ul", "ol"}):
            self._add(Node("item", text, list_id=list_id, name=name))
        else:
            self._add(Node("para", text))

    def _add(self, node: Node) -> None:
        node.regions = tuple(self._regions[:_MAX_REGION_DEPTH])
        self.nodes.append(node)


def _should_skip(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in _SKIP_TAGS:
        return True
    if attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true":
        return True
    if (attrs.get("role") or "") in _SKIP_ROLES:
        return True
    hints = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(_SKIP_HINTS.search(hints))


_MAIN_OPEN = re.compile(r"<(main|article)\b[^>]*>", re.I)
_MAIN_CLOSE = re.compile(r"</(main|article)\s*>", re.I)


def _main_content(html: str) -> str | None:
    """From the first <main> or <article> that is closed somewhere after it to the last closing
    tag of that name; None when there is none. Linear: a page of unclosed opening tags must not
    cost the square of its length, as a backtracking regex did."""
    last_close = {match.group(1).lower(): match.span() for match in _MAIN_CLOSE.finditer(html)}
    for opening in _MAIN_OPEN.finditer(html):
        start, end = last_close.get(opening.group(1).lower(), (-1, -1))
        if start >= opening.end():
            return html[opening.start() : end]
    return None


def _article_region(nodes: list[Node]) -> list[Node]:
    """Without <main> or <article>, the article is the innermost region around the page's <h1>
    that holds most of the page's text; a sidebar or footer beside it is another region."""
    top = next((n for n in nodes if n.kind == "heading" and n.level == 1), None)
    if top is None:
        return nodes
    text = {prefix: 0 for depth in range(len(top.regions) + 1) for prefix in [top.regions[:depth]]}
    for node in nodes:
        if node.kind in {"para", "item"}:
            for depth in range(len(top.regions) + 1):
                if node.regions[:depth] == top.regions[:depth]:
                    text[top.regions[:depth]] += len(node.text)
                else:
                    break
    total = text[()]
    if not total:
        return nodes
    region = max(
        (prefix for prefix, size in text.items() if size >= total * _ARTICLE_SHARE), key=len
    )
    return [node for node in nodes if node.regions[: len(region)] == region]


def read_html(html: str) -> list[Node]:
    """HTML: headings keep their levels; only <main> or <article> is read when the page has one."""
    title_parser = _ArticleHTMLParser()
    title_end = html.lower().find("</title>")
    title_parser.feed(html[: title_end + 8] if title_end != -1 else "")
    main = _main_content(html)
    body = main if main is not None else html
    parser = _ArticleHTMLParser()
    parser.feed(f"<body>{body}</body>" if main is not None else body)
    parser.close()
    parser._flush()
    nodes = parser.nodes if main is not None else _article_region(parser.nodes)
    page_title = clean_space(title_parser.page_title)
    if page_title:
        nodes.insert(0, Node("title", page_title))
    return nodes


# Deeper than any real article nests its lists or quotes; markdown-it stops parsing there.
MAX_MARKDOWN_NESTING = 64
_MARKDOWN = MarkdownIt("commonmark", {"maxNesting": MAX_MARKDOWN_NESTING})


# More link brackets than any real paragraph holds; past this they are read as plain text.
MAX_BRACKETS_PER_BLOCK = 200
# A long block in which this share of the characters is Markdown's own markup is not prose.
MARKUP_SOUP_SHARE = 0.25
MARKUP_SOUP_MIN_CHARS = 2000
_MARKUP_CHARS = re.compile(r"[*_\[\]()!<>`\\&~]")
_BLOCK_BREAK = re.compile(r"(\n[ \t]*\n)")


def _defuse_markdown(text: str) -> str:
    """Keeps the Markdown parser linear on hostile blocks. Looking for the end of each of n
    unclosed '[' costs it n steps, so a block of them costs n squared (16 KB of '[' took 16 s):
    such a block's brackets are escaped. And every markup character costs the parser a token,
    so a long block that is mostly markup ('*_*_*_...') is dropped: it holds no sentences."""
    blocks = _BLOCK_BREAK.split(text)
    for index, block in enumerate(blocks):
        if len(block) >= MARKUP_SOUP_MIN_CHARS:
            markup = len(_MARKUP_CHARS.findall(block))
            if markup > len(block) * MARKUP_SOUP_SHARE:
                blocks[index] = ""
                continue
        if block.count("[") > MAX_BRACKETS_PER_BLOCK:
            blocks[index] = block.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return "".join(blocks)


def read_markdown(text: str) -> list[Node]:
    """Markdown is rendered to HTML by markdown-it (CommonMark, linear on any input), then read
    like any page. Nesting as deep as the parser's limit is refused: past it the parser would
    silently drop the rest of the article."""
    tokens = _MARKDOWN.parse(_defuse_markdown(text))
    if any(token.level >= MAX_MARKDOWN_NESTING - 1 for token in tokens):
        raise IngestionError(
            f"the article nests lists or quotes more than {MAX_MARKDOWN_NESTING - 2} levels "
            "deep; flatten them and try again"
        )
    return read_html(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))
