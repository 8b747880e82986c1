"""Hostile input shapes (issue 10): each one used to cost the square of its length, or crash.
Shared by the tests (small sizes) and bench/generation.py (1 MB)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count

# name -> (file name, make(size in bytes) -> text)
Shape = tuple[str, Callable[[int], str]]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _in_article(body: str) -> str:
    return f"Hostile Topic\n\nWhat is it?\n\n{body}\n"


def _in_markdown(body: str) -> str:
    return f"# Hostile Topic\n\n## What is it?\n\n{body}\n"


def _joined(parts: Iterator[str], separator: str, size: int) -> str:
    """Parts joined until the text reaches `size` characters."""
    taken: list[str] = []
    total = 0
    for part in parts:
        if total >= size:
            break
        taken.append(part)
        total += len(part) + len(separator)
    return separator.join(taken)


def _figures(size: int) -> str:
    return _in_article(_joined((f"{i}.{i} mg/dL" for i in count()), " ", size))


def _other_names(size: int) -> str:
    names = _joined((f"name{i}" for i in count()), ", ", size)
    return _in_article(f"Gout, also known as {names}, is common.")


def _other_names_in_sentences(size: int) -> str:
    sentence = "Gout, also known as {}, is common."
    sentences = (
        sentence.format(", ".join(f"name{i}x{j}" for j in range(70))) for i in range(size // 800)
    )
    return _in_article(" ".join(sentences))


def _nested_list(size: int) -> str:
    return _in_markdown("\n".join("    " * depth + "- item" for depth in range(300)))


SHAPES: dict[str, Shape] = {
    "Markdown of `[` and `](`": (
        "brackets.md",
        lambda size: _in_markdown(_repeat("[", size // 2) + _repeat("](", size // 2)),
    ),
    "Markdown of `[a](`": ("links.md", lambda size: _in_markdown(_repeat("[a](", size))),
    "Markdown of `[abcdefgh `": (
        "words.md",
        lambda size: _in_markdown(_repeat("[abcdefgh ", size)),
    ),
    "Markdown of `*_a`": ("emphasis.md", lambda size: _in_markdown(_repeat("*_a", size))),
    '"1.1 mg/dL 2.2 mg/dL …"': ("figures.txt", _figures),
    "nested `<b>`": (
        "bold.html",
        lambda size: f"<h1>Hostile Topic</h1><h2>What is it?</h2><p>{_repeat('<b>', size)}</p>",
    ),
    '"also known as a, b, …"': ("names.txt", _other_names),
    '"also known as" sentences': ("sentences.txt", _other_names_in_sentences),
    "300-level nested Markdown list": ("nested.md", _nested_list),
}
