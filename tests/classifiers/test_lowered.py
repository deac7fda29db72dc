"""The intent rules' `(?i)` patterns, run over lower-cased text, answer as the originals."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import classifiers.intent_rules as intent_rules
import classifiers.question_rules as question_rules
from classifiers.lexicon.links import _SIGNS as SIGNS
from classifiers.lexicon.links import links_and_promo
from classifiers.lowered import LoweredPattern, lowered

SEED = Path(intent_rules.__file__).parent / "data" / "seed"
# The modules whose case-insensitive rules run lowered: a rule moved to another module must
# bring that module here, or its rules go unchecked.
MODULES = (intent_rules, question_rules)
RULES = {
    f"{module.__name__}.{name}": value
    for module in MODULES
    for name, value in vars(module).items()
    if isinstance(value, LoweredPattern)
}
# Letters that `(?i)` and `str.lower` treat differently: dotless/dotted i, long s,
# final sigma, Cyrillic rounded ve, Kazakh Latin letters in upper case.
TRICKY = [
    "KIM BILEDI, BILETINDER BAR MA",
    "kım bıledı",
    "İstanbul: кім біледі",
    "ſпасибо, опять нет света",
    "ΣΟΣ σ ς, ᲀнимание",
    "QŪRMETTI TŪRĞYNDAR! Ертең су жоқ",
    "SÄTTILIK TILEIMIN",
    "Сәлеметсіз бе, жеткізу тегін бе",
    "НУ СПАСИБО, ОПЯТЬ БЕЗ СВЕТА",
]


def _texts() -> list[str]:
    texts = list(TRICKY)
    for path in sorted(SEED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    return texts + [t.upper() for t in texts] + [t.swapcase() for t in texts]


def test_every_case_insensitive_rule_runs_lowered() -> None:
    plain = {
        f"{module.__name__}.{name}"
        for module in MODULES
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern) and value.flags & re.IGNORECASE
    }
    assert not plain
    for module in MODULES:  # each module still wraps its rules
        assert any(name.startswith(f"{module.__name__}.") for name in RULES), module.__name__
    assert len(RULES) >= 14


def test_lowered_rules_find_what_the_originals_find() -> None:
    texts = _texts()
    assert len(texts) > 10_000
    for name, rule in RULES.items():
        for text in texts:
            for method in ("search", "match"):
                want = getattr(rule.original, method)(text)
                got = getattr(rule, method)(text)
                assert (want and want.span()) == (got and got.span()), (name, method, text)


def test_a_text_whose_lower_case_grows_is_read_by_the_original() -> None:
    assert lowered("İSTANBUL") is None
    assert lowered("СПАСИБО") == "спасибо"
    assert lowered("bıletınder ſ") == "biletinder s"


@pytest.mark.parametrize("source", [r"спасибо", r"(?i)Спасибо"])
def test_only_lower_case_case_insensitive_rules_are_accepted(source: str) -> None:
    with pytest.raises(ValueError):
        LoweredPattern(re.compile(source))


@pytest.mark.parametrize(
    "text",
    [
        "FREESPINS 50 и бонус 200% на депозит",
        "bonuſ 5000 тг за регистрацию",  # long s: `(?i)` reads "bonus"
        "ДᲂХОД 30% в месяц, пиши в WhatsApp +7 701 123 45 67",  # rounded o: "о"
        "İlk depozit bonusu 200%",  # a text whose lower case grows: every pattern is read
    ],
)
def test_the_spam_signs_prefilter_skips_no_pattern_that_would_match(text: str) -> None:
    found = list(links_and_promo(text))
    everything = [
        (m.start(), m.end(), root, severity)
        for pattern, root, severity, _, _ in SIGNS
        for m in pattern.finditer(text)
    ]
    assert found and sorted(found) == sorted(everything)
