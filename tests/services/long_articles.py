"""Articles that are valid but slow to generate, to test the time budget of an import."""

from __future__ import annotations


def long_article(sections: int) -> bytes:
    """A valid Markdown article whose generation takes about a second per 300 sections."""
    lines = ["# Hostile syndrome", "", "Hostile syndrome (HS) is a rare disorder.", ""]
    for n in range(sections):
        lines += [f"## What are the symptoms of type {n}?", ""]
        lines += [f"- Symptom word{n}x{i} with swelling of part {i}" for i in range(20)]
        lines.append("")
    return "\n".join(lines).encode()
