"""Question quality on the development corpus: writes docs/quality.md.

    .venv/bin/python bench/quality.py                 # score every corpus article and document
    .venv/bin/python bench/quality.py --sample 25     # also draw 25 items per article to judge

The corpus (articles, fact keys, documents) and its scorer live in ../shared, beside every
checkout; they are read from there, never copied here. For each article the generator's active
bank is scored by ../shared/eval/score_bank.py (coverage of the key, verbatim quotes,
distractors, furniture, repeated prompts), with the items per fact and the type mix.

Judged acceptability comes from docs/quality/NAME.jsonl: one verdict per line, {"id", "verdict":
"A" | "M" | "R", "code"}, by the rubric in ../shared/docs/question-rubric.md. `--sample` writes
the items to judge into .quality-samples/NAME.jsonl (a stable random draw; outside git, since
the items quote the corpus, which stays in ../shared). A verdict whose item the generator no
longer makes is counted as stale, not as a verdict.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
OUT = ROOT / "docs" / "quality.md"
VERDICTS = ROOT / "docs" / "quality"
SAMPLES = ROOT / ".quality-samples"
SEED = ROOT / "fixtures" / "sources" / "poems-syndrome.txt"


def generate(path: Path, *, include_reserve: bool = False) -> dict:
    args = [sys.executable, "-m", "learning.ingestion", str(path), "--format", "json"]
    if include_reserve:
        args.append("--all")
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def load_scorer():
    sys.path.insert(0, str(SHARED / "eval"))
    import score_bank

    return score_bank


def verdicts(name: str, ids: set[str]) -> tuple[Counter, int]:
    path = VERDICTS / f"{name}.jsonl"
    if not path.exists():
        return Counter(), 0
    counts: Counter = Counter()
    stale = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry["id"] not in ids:
            stale += 1
            continue
        counts[entry["verdict"]] += 1
        if entry.get("code"):
            counts[f"code:{entry['code']}"] += 1
    return counts, stale


def write_sample(name: str, bank: dict, size: int) -> None:
    rng = random.Random(name)
    questions = bank["questions"]
    chosen = rng.sample(questions, min(size, len(questions)))
    target = SAMPLES / f"{name}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in chosen), encoding="utf-8"
    )


def items_per_fact(scorer, bank: dict, key: list[dict]) -> float:
    items = scorer.expand(bank)
    counts = [sum(scorer.tests_fact(item, fact) for item in items) for fact in key]
    tested = [count for count in counts if count]
    return round(sum(tested) / len(tested), 2) if tested else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="items per article to judge")
    args = parser.parse_args(argv)
    if not (CORPUS / "keys").is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    scorer = load_scorer()
    rows, judged, types = [], Counter(), Counter()
    coverage_of: dict[str, float] = {}
    for key_path in sorted((CORPUS / "keys").glob("*.jsonl")):
        name = key_path.stem
        article = next((CORPUS / "articles").glob(f"{name}.*"), None)
        if article is None:
            continue
        key = [json.loads(line) for line in key_path.read_text().splitlines() if line.strip()]
        try:
            bank = generate(article)
        except RuntimeError as error:
            rows.append(f"| {name} | {article.suffix} | failed: {error} | | | | | | | |")
            coverage_of[name] = 0.0  # a refused article covers nothing
            continue
        everything = generate(article, include_reserve=True)
        source = article.read_text(encoding="utf-8")
        result = scorer.score(source, key, bank)
        coverage_of[name] = result["coverage"]
        types.update(q["type"] for q in bank["questions"])
        counts, stale = verdicts(name, {q["id"] for q in bank["questions"]})
        judged.update(counts)
        n = sum(counts[v] for v in "AMR")
        share = f"{counts['A'] / n:.0%} / {(counts['A'] + counts['M']) / n:.0%} ({n})" if n else "–"
        if args.sample:
            write_sample(name, bank, args.sample)
        rows.append(
            f"| {name} | {article.suffix} | {result['coverage']} | {result['quote_verbatim']} "
            f"| {result['distractor_valid']} | {len(result['furniture'])} "
            f"| {result['duplicate_prompts']} | {len(bank['questions'])} "
            f"({len(everything['questions']) - len(bank['questions'])}) "
            f"| {items_per_fact(scorer, bank, key)} | {share}{f' stale {stale}' if stale else ''} |"
        )
    documents = []
    for document in sorted((CORPUS / "documents").glob("*")):
        name = document.stem
        key_path = CORPUS / "keys" / f"{name}.jsonl"
        article = next((CORPUS / "articles").glob(f"{name}.*"), None)
        if not key_path.exists() or article is None:
            continue
        key = [json.loads(line) for line in key_path.read_text().splitlines() if line.strip()]
        try:
            bank = generate(document)
            result = scorer.score(article.read_text(encoding="utf-8"), key, bank)
            cell = (
                f"{result['coverage']} | {coverage_of.get(name, '–')} | {result['quote_verbatim']}"
            )
        except RuntimeError as error:
            cell = f"failed: {error} | {coverage_of.get(name, '–')} | "
        documents.append(f"| {document.name} | {cell} |")
    seed = generate(SEED)
    seed_all = generate(SEED, include_reserve=True)
    if args.sample:
        write_sample(SEED.stem, seed, args.sample)
    seed_counts, _ = verdicts(SEED.stem, {q["id"] for q in seed["questions"]})
    judged.update(seed_counts)
    n = sum(judged[v] for v in "AMR")
    mean = sum(coverage_of.values()) / len(coverage_of) if coverage_of else 0
    codes = ", ".join(
        f"{code[5:]} {count}" for code, count in judged.most_common() if code.startswith("code:")
    )
    lines = [
        "# Question quality",
        "",
        "Written by `.venv/bin/python bench/quality.py` from the corpus in `../shared/corpus`;",
        "scored by `../shared/eval/score_bank.py`. Banks are the active items only (reserve in",
        "brackets). *Per fact*: active items that test a key fact, over the facts tested.",
        "*Judged*: share acceptable as is / with a minor edit (items judged), by the rubric,",
        "verdicts in `docs/quality/`.",
        "",
        "| article | layout | coverage | quotes | distractors | furniture | repeated prompts "
        "| items (reserve) | per fact | judged A / A+M (n) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Mean coverage: **{mean:.3f}** over {len(coverage_of)} articles.",
        f"Seed (`fixtures/sources/poems-syndrome.txt`): {len(seed['questions'])} active items, "
        f"{len(seed_all['questions']) - len(seed['questions'])} in the reserve.",
        "",
        "Type mix of the active items: "
        + ", ".join(f"{t} {c}" for t, c in types.most_common())
        + ".",
        "",
    ]
    if n:
        lines += [
            f"Judged: {n} items, **{judged['A'] / n:.0%} acceptable as is**, "
            f"{(judged['A'] + judged['M']) / n:.0%} with a minor edit. Failure codes: {codes}.",
            "",
        ]
    lines += [
        "## Documents",
        "",
        "The same key scored on the PDF and DOCX versions (quotes checked against the article).",
        "",
        "| document | coverage | article's coverage | quotes |",
        "|---|---|---|---|",
        *documents,
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
