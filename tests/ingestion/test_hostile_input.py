"""Hostile input gives a bank or a one-line IngestionError, never a crash. How long each shape
takes at 1 MB is measured by bench/generation.py, not here."""

from __future__ import annotations

import pytest

from learning.ingestion import IngestionError, build_bank, decode_source
from learning.ingestion.article import MAX_SENTENCE_CHARS, assemble
from learning.ingestion.readers import (
    MAX_BRACKETS_PER_BLOCK,
    _defuse_markdown,
    read_markdown,
    read_plain,
)
from tests.ingestion.hostile import SHAPES
from tests.ingestion.test_bad_input import run_cli


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("size", [2_000, 16_000])
def test_each_hostile_shape_gives_a_bank_or_a_one_line_error(shape, size):
    filename, make = SHAPES[shape]
    try:
        bank = build_bank(decode_source(make(size).encode(), filename), filename=filename)
    except IngestionError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert bank.questions


@pytest.mark.parametrize(
    "markdown",
    [
        "\n".join("  " * depth + "- item" for depth in range(300)),
        "\n".join("    " * depth + "1. item" for depth in range(300)),
        ">" * 300 + " deep",
    ],
    ids=["bullets", "numbered", "quotes"],
)
def test_deep_markdown_nesting_is_refused_with_one_line(markdown):
    with pytest.raises(IngestionError, match="nests lists or quotes more than 62 levels deep"):
        read_markdown(f"# Title\n\n## Heading\n\n{markdown}\n")


def test_ordinary_nesting_is_read():
    items = "\n".join("  " * depth + f"- level {depth}" for depth in range(12))
    nodes = read_markdown(f"# Title\n\n## Heading\n\n{items}\n")
    assert [node.text for node in nodes if node.kind == "item"][-1] == "level 11"


def test_the_cli_refuses_deep_nesting_with_one_line(tmp_path):
    nested = tmp_path / "nested.md"
    nested.write_text(SHAPES["300-level nested Markdown list"][1](0), encoding="utf-8")
    result = run_cli(str(nested))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "nests lists or quotes" in result.stderr


def test_a_run_on_sentence_is_not_a_sentence_but_a_long_real_one_is():
    long_real = "Gout " + "and more " * ((MAX_SENTENCE_CHARS - 20) // 9) + "hurts."
    run_on = "Gout " + "1.1 mg/dL " * (MAX_SENTENCE_CHARS // 10) + "hurts."
    article = assemble(read_plain(f"Gout\n\nWhat is it?\n\n{long_real} {run_on} It is rare.\n"))
    assert article.sections[0].sentences == [long_real, "It is rare."]


def test_a_block_of_hundreds_of_brackets_is_read_as_plain_text():
    brackets = "[" * (MAX_BRACKETS_PER_BLOCK + 1) + " and ](x) here."
    defused = _defuse_markdown(f"# T\n\n[a link](/x) stays.\n\n{brackets}\n")
    assert "[a link](/x) stays." in defused
    nodes = read_markdown(f"# T\n\n## H\n\n[a link](/x) stays.\n\n{brackets}\n")
    assert [node.text for node in nodes if node.kind == "para"] == ["a link stays.", brackets]


def test_a_long_block_that_is_mostly_markup_is_dropped_but_ordinary_markdown_is_not():
    ordinary = "Gout is **common** and [well known](/gout). " * 100
    soup = "*_a" * 1000
    defused = _defuse_markdown(f"# T\n\n{ordinary}\n\n{soup}\n")
    assert ordinary in defused
    assert soup not in defused
