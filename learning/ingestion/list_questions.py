"""Questions about sections and lists: what a section answers, what a list holds, which named
test or treatment does what."""

from __future__ import annotations

import re

from learning.ingestion.article import ListBlock, Section
from learning.ingestion.collector import Collector, pick_distractors, shuffled
from learning.ingestion.facts import Facts, item_label
from learning.ingestion.terms import find_abbreviations
from learning.ingestion.text import lower_first, norm_key, split_sentences, strip_end

# How a topic heading is asked as a question; a question heading is asked as it stands.
_TOPIC_PROMPTS = {
    "overview": "What is {s}?",
    "epidemiology": "Who gets {s}?",
    "symptoms": "What are the symptoms of {s}?",
    "causes": "What causes {s}?",
    "tests": "How is {s} diagnosed?",
    "treatments": "How is {s} treated?",
    "complications": "What complications can {s} cause?",
    "prevention": "Can {s} be prevented?",
    "prognosis": "What is the outlook for people with {s}?",
}
_STANDARD_TOPIC = re.compile(
    r"^(?:overview|symptoms?|signs and symptoms|causes?|diagnosis|tests?|treatments?|"
    r"complications?|prevention|prognosis|outlook|risk factors|who gets it|epidemiology)$",
    re.I,
)
_CLOSING_NOTE = re.compile(r"^(?:a|an|our) (?:note|message|word) from\b", re.I)
_ROLE = {
    "tests": "test",
    "treatments": "treatment",
    "symptoms": "symptom",
    "causes": "cause",
    "complications": "complication",
}


def add_section_cards(facts: Facts, out: Collector) -> None:
    for section in facts.article.sections:
        prompt = _section_prompt(facts, section)
        if not prompt:
            continue
        lines = section.sentences[:1] if len(section.sentences) == 1 else section.sentences[:2]
        quote = lines[0] if lines else section.lists[0].lead_in or section.lists[0].items[0].text
        if section.lists:
            block = section.lists[0]
            listed = "; ".join(strip_end(item.name or item.text) for item in block.items)
            lines = [*lines, f"{block.lead_in} {listed}".strip()]
        answer = "\n".join(lines)
        # A question heading answered in one short sentence is a fine card; a longer answer
        # is a summary to read, not to recall.
        short = len(lines) == 1 and len(answer.split()) <= 15 and not section.lists
        out.add(
            quality=0.9 if short else 0.35,
            reasons=["the article's own question, answered in one sentence"]
            if short
            else ["a section summary: a long answer"],
            category=section.category,
            type="flashcard",
            prompt=prompt,
            answer=answer,
            quote=quote,
            section=section.heading,
        )


def _section_prompt(facts: Facts, section: Section) -> str:
    if section.is_question:
        return section.heading
    if _STANDARD_TOPIC.match(section.heading) or section.heading == facts.article.title:
        return _TOPIC_PROMPTS.get(section.category, "").format(s=facts.subject)
    if section.category == "overview" or _CLOSING_NOTE.match(section.heading):
        return ""  # "A note from the editors" asks nothing
    return ""  # "What does the article say about…?" asks nothing a student can answer


def add_lists(facts: Facts, out: Collector) -> None:
    pools = _item_pools(facts)
    seen: dict[str, int] = {}
    for section in facts.article.sections:
        for block in section.lists:
            for label in {norm_key(item.name or item_label(item.text)) for item in block.items}:
                seen[label] = seen.get(label, 0) + 1
    for section in facts.article.sections:
        for block in section.lists:
            labels = [norm_key(item.name or item_label(item.text)) for item in block.items]
            if len(labels) >= 2 and all(seen.get(label, 0) > 1 for label in labels):
                continue  # links to the types listed above, under "Treatment": no new fact
            named = [item for item in block.items if item.name]
            if len({norm_key(item.name) for item in named}) < len(named):
                continue  # "Genetic Testing Registry: …" on every line: links, not a list
            if len(named) >= 2 and len(named) >= len(block.items) - 1:
                _add_named_list(facts, out, section, block, pools)
            elif len(block.items) >= 2:
                _add_plain_list(facts, out, section, block)


def _item_pools(facts: Facts) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {}
    for section in facts.article.sections:
        for block in section.lists:
            for item in block.items:
                label = item.name or item_label(item.text)
                if label:
                    pools.setdefault(block.category, []).append(label)
    return pools


def _other_categories(pools: dict[str, list[str]], category: str) -> list[str]:
    return [label for key, labels in pools.items() if key != category for label in labels]


def _add_plain_list(facts: Facts, out: Collector, section: Section, block: ListBlock) -> None:
    labeled = [(item, _member_label(item_label(item.text))) for item in block.items]
    labeled = [(item, label) for item, label in labeled if label]
    if len(labeled) < 2:
        return
    labels = [label for _, label in labeled]
    if sum(not _is_name(facts, label) for label in labels) * 2 > len(labels):
        return  # members that are clauses ("occurs when the stomach…") are no list to name
    labels = [label for label in labels if _is_name(facts, label)]
    if len(labels) < 2:
        return
    lead = _list_stem(facts, section, block)
    if not lead:
        return  # "Name one: Physical Exam…" names neither what nor of what
    quote = block.lead_in or block.items[0].text
    common = {"category": block.category, "section": section.heading}
    if MIN_NAME_ALL <= len(labels) <= MAX_NAME_ALL:
        out.add(
            quality=0.75,
            reasons=["a list in the article"],
            type="flashcard",
            prompt=f"{lead}… (name {len(labels)})",
            answer="\n".join(labels),
            quote=quote,
            **common,
        )
    out.add(
        quality=0.8,
        reasons=["a list in the article"],
        type="typed",
        prompt=f"Name one: {lead}…",
        answer=labels[0],
        accepted=labels,  # any member is right; the checker ignores a leading a/an/the
        quote=quote,
        **common,
    )
    # No multiple choice here: the only wrong options the article offers come from lists of
    # another kind (tests offered as symptoms), which a student dismisses without knowing.


_PURPOSE = re.compile(
    r"\b(?:shows?|detects?|measures?|checks?|finds?|looks? for|helps?|treats?|removes?|"
    r"kills?|relieves?|reduces?|stops?|prevents?|used? to|lowers?|raises?|replaces?)\b",
    re.I,
)
# A "Which test is this?" clue must say enough to pick one; a "name one" member is a name.
_MIN_CLUE_WORDS = 8
_MAX_MEMBER_WORDS = 8
# A flashcard's answer is recalled, not read: one sentence of at most this many words.
MAX_ANSWER_WORDS = 25
# "Name all N" is a card to recall, not a page to copy: three to six members.
MIN_NAME_ALL, MAX_NAME_ALL = 3, 6


def _is_name(facts: Facts, label: str) -> bool:
    """A list member a student can name: a short phrase that does not open with a verb."""
    if len(label.split()) > _MAX_MEMBER_WORDS:
        return False
    doc = facts.parser.parse(label)
    return doc is not None and len(doc) > 0 and doc[0].tag_ not in {"VBZ", "VBD", "MD"}


def _member_label(label: str) -> str:
    """'Magnetic resonance imaging (MRI). MRI uses…' -> 'Magnetic resonance imaging (MRI)'."""
    return re.split(r"\.\s|;\s|\s(?:i\.e\.|e\.g\.)", label)[0].strip(" .,:")


def _list_stem(facts: Facts, section: Section, block: ListBlock) -> str:
    """What the list is about, in words that say so: its lead-in, a question heading, or the
    standard question of a standard heading ("Symptoms" -> "What are the symptoms of X?")."""
    if block.lead_in:
        return strip_end(block.lead_in)
    if section.is_question:
        return section.heading.rstrip("?")
    if _STANDARD_TOPIC.match(section.heading):
        return _TOPIC_PROMPTS.get(section.category, "").format(s=facts.subject).rstrip("?")
    if section.category not in {"", "overview"} and section.heading.lower().endswith("s"):
        return f"{section.heading} in {facts.subject}"  # "Digestive symptoms in X disease"
    return ""


def _add_named_list(
    facts: Facts, out: Collector, section: Section, block: ListBlock, pools: dict[str, list[str]]
) -> None:
    named = [item for item in block.items if item.name]
    names = [item.name for item in named]
    role = _ROLE.get(block.category, "item")
    last_words = {name.split()[-1].lower() for name in names}
    if len(last_words) == 1 and len(names[0].split()) > 1:
        role = last_words.pop()  # "Vascular type", "Classic type": "Which type is this?"
    common = {"category": block.category, "section": section.heading}
    clues = [_clue(item.name, item.description) for item in named]
    if len(named) >= 3:
        out.add(
            quality=0.85,
            reasons=["a list of named items"],
            type="matching",
            prompt=f"Match each {role} to what the article says about it.",
            answer="\n".join(f"{name} – {clue}" for name, clue in zip(names, clues, strict=True)),
            quote=block.lead_in or named[0].text,
            pairs=list(zip(names, clues, strict=True)),
            **common,
        )
    same_category = pools.get(block.category, [])
    other_categories = _other_categories(pools, block.category)
    for item, clue in zip(named, clues, strict=True):
        quote = split_sentences(item.text)[0]
        first = split_sentences(item.description)[0]
        # A test or treatment card asks what it shows or does: its description must say so.
        says = block.category not in {"tests", "treatments"} or _PURPOSE.search(first)
        short = len(first.split()) <= MAX_ANSWER_WORDS and bool(says)
        out.add(
            type="flashcard",
            prompt=_named_prompt(facts, block.category, item.name),
            answer=first,
            quote=quote,
            quality=0.75 if short else 0.45,
            reasons=["a named item's description"] if short else ["a long description"],
            **common,
        )
        prompt = f"Which {role} is this? “{clue}”"
        wrong = pick_distractors(
            [item.name],
            [names, same_category, other_categories],
            seed=prompt,
        )
        if wrong and clue.count("___") <= 1 and len(clue.split()) >= _MIN_CLUE_WORDS:
            out.add(
                quality=0.75,
                reasons=["wrong options are the list's other items"],
                type="mcq",
                prompt=prompt,
                answer=item.name,
                quote=quote,
                choices=shuffled([item.name, *wrong], prompt),
                **common,
            )


def _named_prompt(facts: Facts, category: str, name: str) -> str:
    if category == "tests":
        return f"What can {lower_first(name)} show or do in diagnosing {facts.subject}?"
    if category == "treatments":
        return f"How does {lower_first(name)} help in {facts.subject}?"
    if category in {"symptoms", "complications"}:
        return f"What does {lower_first(name)} mean in {facts.subject}?"
    return f"What is {lower_first(name)}?"


def _clue(name: str, description: str) -> str:
    """The description's first sentence with the name hidden, so the clue does not give it away."""
    first = split_sentences(description)[0]
    hidden = {name, re.sub(r"\s*\([^)]*\)", "", name)}
    hidden.update(found.short for found in find_abbreviations(name))
    hidden.update(word for word in re.findall(r"[A-Za-z][A-Za-z\-]{4,}", name))
    for term in sorted(hidden, key=len, reverse=True):
        if term:
            first = re.sub(rf"\b{re.escape(term)}s?\b", "___", first, flags=re.I)
    words = first.split()
    return " ".join(words[:24]) + ("…" if len(words) > 24 else "")
