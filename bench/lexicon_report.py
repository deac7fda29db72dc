"""Lexicon-only figures on the shared datasets (not a test; prints numbers to quote).

    .venv/bin/python bench/lexicon_report.py [--datasets ../shared/datasets] [--show N]

- ru_mat_lexicon/test.csv: share of entries with at least one lexicon match, overall and for
  entries built on the core mat roots (хуй, пизд, еб/ёб, бля, муд, манд, залуп, пидор/пидар,
  сук-), judged on the normalized entry.
- kazsandra/test.csv (clean Kazakh and code-switched reviews): rows with any lexicon match
  (false positives by the dataset's assumption), and with a match of severity ≥ 2.
- kazsandra/flagged_possible_profanity.csv (regex-found, unverified): share flagged.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Lang, Match

try:
    from classifiers.language import detect_language
except ImportError:  # language detection not delivered yet: fall back to the dataset's tag
    detect_language = None

CORE = re.compile(r"ху[йяеюи]|п[иеі]зд|еб|бля|муд|манд|залуп|пид[оа]р|сук|суч")
_DATASET_LANG = {"kk": Lang.KK, "kk_or_ru": Lang.MIXED, "ru": Lang.RU}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def find(lexicon: Lexicon, text: str, tag: str) -> tuple[Match, ...]:
    doc = normalize(text)
    lang = detect_language(doc) if detect_language else _DATASET_LANG.get(tag, Lang.OTHER)
    return lexicon.find(doc, lang)


def is_core(text: str) -> bool:
    doc = normalize(text)
    forms = [t.text for t in doc.tokens] + [t.translit or "" for t in doc.tokens]
    return any(CORE.search(form.replace("ё", "е")) for form in forms)


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / max(whole, 1):.2f}%"


def report_mat(lexicon: Lexicon, base: Path, show: int) -> None:
    data = rows(base / "ru_mat_lexicon" / "test.csv")
    flagged = core = core_flagged = 0
    missed_core: list[str] = []
    by_lang: Counter[str] = Counter()
    by_lang_flagged: Counter[str] = Counter()
    for row in data:
        hit = bool(find(lexicon, row["text"], "ru"))
        flagged += hit
        by_lang[row["lang"]] += 1
        by_lang_flagged[row["lang"]] += hit
        if is_core(row["text"]):
            core += 1
            core_flagged += hit
            if not hit:
                missed_core.append(row["text"])
    print("ru_mat_lexicon/test.csv")
    print(f"  all entries flagged:       {share(flagged, len(data))}")
    for lang in sorted(by_lang):
        print(f"    {lang:9}                {share(by_lang_flagged[lang], by_lang[lang])}")
    print(f"  core-root entries flagged: {share(core_flagged, core)}")
    if show:
        print("  core entries missed:", ", ".join(missed_core[:show]))


def report_kazsandra(lexicon: Lexicon, base: Path, show: int) -> None:
    data = rows(base / "kazsandra" / "test.csv")
    any_hit = severe = 0
    roots: Counter[str] = Counter()
    examples: list[str] = []
    for row in data:
        found = find(lexicon, row["text"], row["lang"])
        if found:
            any_hit += 1
            severe += any(m.severity >= 2 for m in found)
            roots.update(m.root for m in found)
            examples.append(f"{[m.term for m in found]} :: {row['text'][:100]}")
    print("kazsandra/test.csv (clean by assumption)")
    print(f"  rows with any match:       {share(any_hit, len(data))}")
    print(f"  rows with severity >= 2:   {share(severe, len(data))}")
    print(f"  roots: {dict(roots.most_common(25))}")
    for line in examples[:show]:
        print("   ", line)
    flagged_rows = rows(base / "kazsandra" / "flagged_possible_profanity.csv")
    missed = [r["text"] for r in flagged_rows if not find(lexicon, r["text"], r["lang"])]
    hit = len(flagged_rows) - len(missed)
    print("kazsandra/flagged_possible_profanity.csv (regex-found, unverified)")
    print(f"  rows flagged:              {share(hit, len(flagged_rows))}")
    for text in missed[:show]:
        print("    missed:", text[:120])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "datasets"
    parser.add_argument("--datasets", type=Path, default=default)
    parser.add_argument("--show", type=int, default=0, help="print up to N examples")
    args = parser.parse_args()
    started = time.perf_counter()
    lexicon = Lexicon.load()
    print(f"lexicon version {lexicon.version}, {len(lexicon.entries)} entries")
    report_mat(lexicon, args.datasets, args.show)
    report_kazsandra(lexicon, args.datasets, args.show)
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
