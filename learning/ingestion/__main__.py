"""python -m learning.ingestion FILE [--format json|text]: preview a bank with no database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from learning.ingestion.errors import IngestionError
from learning.ingestion.model import DraftBank
from learning.ingestion.pipeline import build_bank, decode_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learning.ingestion", description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--format", choices=["json", "text"], default="json")
    parser.add_argument(
        "--all", action="store_true", help='add the reserve, marked "reserve": true'
    )
    args = parser.parse_args(argv)
    try:
        data = args.file.read_bytes()
        bank = build_bank(decode_source(data, args.file.name), filename=args.file.name)
    except (OSError, IngestionError) as error:
        message = error.strerror if isinstance(error, OSError) and error.strerror else error
        print(f"error: {args.file}: {message}", file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(bank.to_dict(include_reserve=args.all), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(bank, include_reserve=args.all))
    return 0


def render_text(bank: DraftBank, *, include_reserve: bool = False) -> str:
    lines = [bank.title, "=" * len(bank.title), ""]
    for question in bank.questions if include_reserve else bank.active():
        reserve = " (reserve)" if question.reserve else ""
        lines.append(f"[{question.category} / {question.type}] {question.id}{reserve}")
        lines.append(f"  quality {question.quality:.2f}: {', '.join(question.reasons)}")
        lines.append(f"  Q: {question.prompt}")
        for choice in question.choices:
            lines.append(f"   - {choice}")
        for left, right in question.pairs:
            lines.append(f"   * {left} => {right}")
        lines.append(f"  A: {question.answer}".replace("\n", "\n     "))
        lines.append(f"  Source ({question.section}): {question.source_quote}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
