"""Assembles reader nodes into an Article: title, sections, paragraphs and lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learning.ingestion.errors import IngestionError
from learning.ingestion.furniture import clean_title, is_furniture_heading, is_furniture_text
from learning.ingestion.readers import Node
from learning.ingestion.text import clean_space, norm_key, split_sentences

_NAME_SPLIT = re.compile(r"^(?P<name>[^:.?!]{2,80}?)\s*(?::|\s[–—]\s|\s-\s)\s*(?P<desc>\S.*)$")


# Longer than any sentence a question can be made from (the longest in the corpus is ~750);
# past it, text is run-on input, and builders that look at every word of a sentence against
# the whole of it would spend the square of its length.
MAX_SENTENCE_CHARS = 1000
MAX_ITEM_CHARS = 3000  # an item may hold a few sentences


@dataclass
class Item:
    text: str
    name: str = ""
    description: str = ""


@dataclass
class ListBlock:
    lead_in: str  # the sentence that introduces the list ("Treatments may include:"), or ""
    items: list[Item]
    category: str = ""
    list_id: int = 0


@dataclass
class Section:
    heading: str
    parent: str  # the group heading above it ("Diagnosis and Tests"), or ""
    sentences: list[str] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    category: str = ""

    @property
    def is_question(self) -> bool:
        return self.heading.endswith("?")


@dataclass
class Article:
    title: str
    sections: list[Section]


def assemble(nodes: list[Node]) -> Article:
    if not any(node.kind == "heading" for node in nodes):
        raise IngestionError("no headings found: the article needs section headings")
    title_index = _title_index(nodes)
    # Whatever sits above the title is the page's header: site name, breadcrumb, tools.
    body = [node for node in nodes[title_index + 1 :] if node.kind != "title"]
    if not any(node.kind == "heading" for node in body):
        raise IngestionError("no headings found: the article needs section headings")
    title = clean_title(nodes[title_index].text, " ".join(node.text for node in body))
    sections: list[Section] = []
    parents: dict[int, str] = {}
    current = Section(heading=title, parent="")
    skipping = False
    for index, node in enumerate(body):
        if node.kind == "heading":
            skipping = is_furniture_heading(node.text)
            level = node.level or _guess_level(body, index)
            parents = {lvl: text for lvl, text in parents.items() if lvl < level}
            parent = parents[max(parents)] if parents else ""
            parents[level] = node.text
            sections.append(current)
            current = Section(heading=node.text, parent=parent)
        elif not skipping and not is_furniture_text(node.text):
            _add_block(current, node, body[index + 1] if index + 1 < len(body) else None)
    sections.append(current)
    headings = {norm_key(node.text) for node in body if node.kind == "heading"}
    for section in sections:
        section.lists = [
            block for block in section.lists if block.items and not _is_contents(block, headings)
        ]
    kept = [section for section in sections if section.sentences or section.lists]
    return Article(title=title, sections=kept)


def _title_index(nodes: list[Node]) -> int:
    """Where the title is: an <h1> beats the <title>, which usually carries the site's name
    too; without either, the first heading."""
    candidates = (
        [i for i, node in enumerate(nodes) if node.kind == "heading" and node.level == 1],
        [i for i, node in enumerate(nodes) if node.kind == "title"],
        [i for i, node in enumerate(nodes) if node.kind == "heading"],
    )
    for found in candidates:
        if found:
            nodes[found[0]].kind = "title"
            return found[0]
    raise IngestionError("no title found: the article needs a title line")


def _is_contents(block: ListBlock, headings: set[str]) -> bool:
    """A table of contents: a list whose items are mostly the article's own headings, as
    labels (a list of key-point sentences that open the sections is content)."""
    named = sum(
        norm_key(item.text) in headings and not item.text.endswith(".") for item in block.items
    )
    return len(block.items) >= 2 and named * 3 >= len(block.items) * 2


def _guess_level(body: list[Node], index: int) -> int:
    """Plain text has no levels: a heading directly followed by another heading groups them."""
    following = body[index + 1] if index + 1 < len(body) else None
    return 2 if following is not None and following.kind == "heading" else 3


def _add_block(section: Section, node: Node, following: Node | None) -> None:
    if node.kind == "item":
        _add_item(section, node)
        return
    sentences = split_sentences(node.text)
    lead_in = ""
    if sentences and sentences[-1].endswith(":"):
        lead_in = sentences.pop()
        if following is None or following.kind != "item" or is_furniture_text(following.text):
            lead_in = ""  # a lead-in whose list was lost teaches nothing
    section.sentences.extend(
        sentence
        for sentence in sentences
        if len(sentence) <= MAX_SENTENCE_CHARS and not is_furniture_text(sentence)
    )
    if lead_in and len(lead_in) <= MAX_SENTENCE_CHARS:
        section.lists.append(ListBlock(lead_in=lead_in, items=[]))


def _add_item(section: Section, node: Node) -> None:
    text = clean_space(node.text)
    if text.endswith("?") or len(text) > MAX_ITEM_CHARS:
        return  # questions to ask a doctor are prompts for the reader, not facts
    block = section.lists[-1] if section.lists else None
    if block is None or (block.list_id and block.list_id != node.list_id):
        block = ListBlock(lead_in="", items=[])
        section.lists.append(block)
    block.list_id = node.list_id
    block.items.append(_split_item(text, node.name))


def _split_item(text: str, marked_name: str) -> Item:
    if marked_name:
        name = marked_name.rstrip(":.–—- ").strip()
        description = text[len(marked_name) :].lstrip(":.–—- ").strip()
        if description:
            return Item(text=text, name=name, description=description)
    match = _NAME_SPLIT.match(text)
    if match and len(match.group("name").split()) <= 7 and len(match.group("desc").split()) >= 3:
        return Item(text=text, name=match.group("name").strip(), description=match.group("desc"))
    return Item(text=text)
