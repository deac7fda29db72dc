"""The compiled batch front end gives exactly what the reference path gives, text by text.

`Detector(fast=True)` reads batches with `classifiers.fastpath`; `Detector(fast=False)`
runs every step in Python. Both load the same lexicon and model, so their analyses must
be equal — the same normalized text, language, matches with the same spans, the same
scores to the last bit — for every text, whatever shares its batch.
"""

from __future__ import annotations

import csv
import logging
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifiers import Analysis, Detector
from classifiers.analyzer import FRONT_MIN_BATCH
from classifiers.fastpath import COMPILED, FrontEnd
from classifiers.language import detect_language
from classifiers.lexicon import Lexicon, LexiconOverlay, OverlayTerm
from classifiers.lexicon.infos import OnDemandInfos, word_infos
from classifiers.lexicon.words import INERT
from classifiers.model import ModelBundle
from classifiers.model.batch import BatchScorer
from classifiers.normalization.document import tokenize
from classifiers.normalize import MAX_ANALYZED_CHARS, normalize
from classifiers.vocabulary import Category

pytestmark = pytest.mark.skipif(not COMPILED, reason="the front end needs numba")

EDGE_CASES = [
    "х у й тебе",
    "п.и.з.д.е.ц какой-то, т.е. вообще",
    "б-л-я",
    "с_у_к_а",
    "с у к а блин",
    "а я в шоке",
    "я и ты",
    "x y й",
    "т.е. и т.п.",
    "это, т.е. пример",  # a chain with no spaced run: joined within its chunk
    "ж.д. вокзал, с-к-а",
    "blyat ну сколько можно",
    "q0taq бас",
    "сен ақымақсың",
    "Сен акымаксын ба?",
    "Рахмет, бәрі жақсы!",
    "Қашан ашыласыздар?",
    "😀😀😀",
    "+",
    "",
    "   \t\n ",
    "\x00\x00 ху\x00й",
    "\ud800 лоне \udfff",
    "\u202eабв\u202c тест",
    "з̴̢а̷л̸г̶о̵ х̷у̶й̸",
    "оооочень хоооороший",
    "п*зд@ х..ню 3аебал бл9",
    "слово,слово.слово!слово?",
    "a\u00a0b\u2003c\u3000d\u2028e",  # whitespace that is not a space
    "вася1990 2х 1раз",
    "ты " * 3000,  # a word repeated thousands of times
    "ху й " * 10,
    "я тебе пишу в личку, пиши мне",
    "пиши мне завтра",  # a phrase head no word continues: the lexicon is not asked
    "пиши в лс, пассивный доход, работа на дому",
    "иттің баласы екен",
    "заработал по ссылке, переходи по сылке",
    "Мен бүгін дүкенге бардым, магазин закрыт был",
    "Подскажите, как доехать?",
    "ок ок ок ок ок ок ок",
    "ж о п а",
    "с.у.к.а а.б.в",
    "слово " * 2500 + "хуй в конце",  # past MAX_ANALYZED_CHARS: cut, flagged truncated
]


def _seed_texts() -> list[str]:
    path = resources.files("classifiers") / "data" / "seed" / "toxicity.csv"
    with path.open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def detectors() -> tuple[Detector, Detector]:
    """(fast, reference), each with its own lexicon and model."""
    fast = Detector(Lexicon.load(), ModelBundle.load(), fast=True)
    reference = Detector(Lexicon.load(), ModelBundle.load(), fast=False)
    return fast, reference


def _batched(detector: Detector, texts: list[str], size: int) -> list[Analysis]:
    out: list[Analysis] = []
    for start in range(0, len(texts), size):
        out += detector.analyze_many(texts[start : start + size])
    return out


def _assert_same(texts: list[str], fast: list[Analysis], reference: list[Analysis]) -> None:
    assert len(fast) == len(reference) == len(texts)
    for text, a, b in zip(texts, fast, reference, strict=True):
        assert a == b, text[:80]
        assert list(a.scores) == list(b.scores)  # the same keys in the same order


def test_the_front_end_matches_the_reference_on_edge_cases_and_the_seed_corpus(
    detectors: tuple[Detector, Detector], caplog: pytest.LogCaptureFixture
) -> None:
    fast, reference = detectors
    texts = EDGE_CASES + _seed_texts()
    with caplog.at_level(logging.ERROR, logger="classifiers.analyzer"):
        # twice: the first pass learns every chunk, the second reads them from the tables
        for _ in range(2):
            _assert_same(texts, _batched(fast, texts, 64), _batched(reference, texts, 64))
    assert not caplog.records  # the front end ran: it never fell back
    truncated = fast.analyze_many(EDGE_CASES)[-1]
    assert truncated.truncated and not any(m.start >= MAX_ANALYZED_CHARS for m in truncated.matches)


def test_an_analysis_does_not_depend_on_its_batch(detectors: tuple[Detector, Detector]) -> None:
    fast, reference = detectors
    texts = EDGE_CASES[:FRONT_MIN_BATCH]
    alone = [reference.analyze(text) for text in texts]  # one text: the reference path
    _assert_same(texts, fast.analyze_many(texts), alone)
    _assert_same(texts[::-1], fast.analyze_many(texts[::-1]), alone[::-1])
    mixed = [*texts, *EDGE_CASES[FRONT_MIN_BATCH:]]
    _assert_same(texts, fast.analyze_many(mixed)[: len(texts)], alone)


def test_an_overlay_applies_on_the_front_end_as_on_the_reference(
    detectors: tuple[Detector, Detector],
) -> None:
    fast, reference = detectors
    adds = LexiconOverlay(added=(OverlayTerm("конкурент", Category.SPAM, 2),))
    removes = LexiconOverlay(removed=frozenset({"дурак"}), allowed=frozenset({"блин"}))
    texts = [
        "наш конкурент лучше",
        "конкуренты везде",
        "ты дурак",
        "блин, опять",
        "нормальный текст",
        *EDGE_CASES,
    ]
    for overlay in (adds, removes):
        _assert_same(
            texts,
            fast.analyze_many(texts, overlay),
            reference.analyze_many(texts, overlay),
        )
    flagged = fast.analyze_many(texts, adds)[0]
    assert [m.source for m in flagged.matches] == ["overlay"]


def test_a_batch_with_something_not_text_takes_the_reference_path(
    detectors: tuple[Detector, Detector],
) -> None:
    fast, _ = detectors
    items: list[object] = [*EDGE_CASES[:10], None, b"bytes"]
    results = fast.analyze_many(items)  # type: ignore[arg-type]
    assert results[10].errors and results[11].errors
    assert results[0] == fast.analyze(EDGE_CASES[0])


MESSY = st.text(
    st.sampled_from(
        "абвгдежзийклмнопрстуфхцчшщъыьэюя әғқңөұүһі xyzabcopek 0139@$*#.,-_!?…\u00a0\t\n"
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MESSY, min_size=FRONT_MIN_BATCH, max_size=FRONT_MIN_BATCH + 8))
def test_any_batch_reads_the_same_on_both_paths(
    detectors: tuple[Detector, Detector], texts: list[str]
) -> None:
    fast, reference = detectors
    _assert_same(texts, fast.analyze_many(texts), reference.analyze_many(texts))


def test_read_gives_normalize_s_text_words_tokens_and_language() -> None:
    lexicon = Lexicon.load()
    front_end = FrontEnd()
    texts = EDGE_CASES + _seed_texts()[:300]
    front = front_end.read(texts, lexicon)
    for text, doc, lang in zip(texts, front.docs, front.langs, strict=True):
        assert doc is not None and lang is not None, text
        want = normalize(text)
        assert (doc.text, doc.words, doc.truncated) == (want.text, want.words, want.truncated)
        assert lang is detect_language(want)
        tokens = tokenize(text)
        assert doc.tokens_at(range(len(tokens))) == dict(enumerate(tokens)), text[:80]
        with pytest.raises(IndexError):
            doc.tokens_at([len(tokens)])


def test_phrase_heads_alone_are_not_sent_to_the_lexicon() -> None:
    lexicon = Lexicon.load()
    assert lexicon.continues_phrase("в") and lexicon.continues_phrase("лс")
    assert lexicon.continues_phrase("доходы") and not lexicon.continues_phrase("завтра")
    front_end = FrontEnd()
    texts = ["пиши мне завтра", "пиши в лс", "спасибо большое"]
    first = front_end.read(texts, lexicon)
    assert first.reach == [-1, -1, -1]  # the lexicon has not looked at these words yet
    for text in texts:
        lexicon.find(normalize(text), detect_language(normalize(text)))
    front_end.note_reach(first, [0, 1, 2])  # now it has: the front end keeps its answers
    again = front_end.read(texts, lexicon)
    assert again.reach[0] == INERT  # "пиши" heads phrases, but "мне" continues none
    assert again.reach[1] not in (INERT, -1)
    assert again.reach[2] == INERT


def test_the_lexicon_s_cache_starting_over_does_not_change_a_match(
    detectors: tuple[Detector, Detector],
) -> None:
    fast, reference = detectors
    texts = EDGE_CASES[:20]
    fast.analyze_many(texts)  # the front end now knows every word's reach …
    fast.lexicon._index.cache.clear()
    _assert_same(texts, fast.analyze_many(texts), reference.analyze_many(texts))


def test_infos_read_on_demand_are_the_infos() -> None:
    lexicon = Lexicon.load()
    index = lexicon._index
    doc = normalize("ну ты и сука, пиши в лс blyat")
    words = doc.words
    want = word_infos(index, doc, words)
    lazy = OnDemandInfos(index, doc, words)
    assert len(lazy) == len(want)
    assert [lazy[i] for i in range(len(words))] == want
    assert lazy[2:5] == want[2:5] and lazy[-1] == want[-1]
    index.cache.clear()  # a word the cache lacks: all of them are computed again
    assert lazy[1:3] == want[1:3]


def test_small_tables_start_over_and_still_read_right(
    detectors: tuple[Detector, Detector], caplog: pytest.LogCaptureFixture
) -> None:
    _, reference = detectors
    # a vocabulary of a few hundred chunks, and a model table of a few hundred words
    small = FrontEnd(chunk_limit=300, word_limit=400)
    fast = Detector(Lexicon.load(), ModelBundle.load(), front_end=small)
    model = fast.model
    model.scorer = BatchScorer(model.toxicity_model, model.intent_model, word_limit=400)
    texts = _seed_texts()[:600]
    with caplog.at_level(logging.ERROR, logger="classifiers.analyzer"):
        _assert_same(texts, _batched(fast, texts, 32), _batched(reference, texts, 32))
    assert not caplog.records
    # one batch with more chunks than the vocabulary holds: the reference path, logged
    big = _seed_texts()[:400]
    with caplog.at_level(logging.ERROR, logger="classifiers.analyzer"):
        _assert_same(big, fast.analyze_many(big), reference.analyze_many(big))
    assert any("front end failed" in r.getMessage() for r in caplog.records)
