"""The scorer must give scikit-learn's figures (1e-6) and the same answer in a batch as one
by one (1e-9), through the bundle as through each model alone."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.language import detect_language
from classifiers.model import ModelBundle
from classifiers.model.chargrams import CharGramIndex
from classifiers.model.cues import intent_input
from classifiers.model.features import FeatureSpec, char_wb_ngrams
from classifiers.model.linear import LinearTextModel
from classifiers.model.scorer import FEW_WORDS, WORD_CACHE_LIMIT, TextScorer
from classifiers.normalize import Normalized, normalize
from classifiers.training.fit import FitSettings, fit_pipeline, to_linear_model
from classifiers.vocabulary import Lang

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed"
ALPHABET = "абвгдеежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі abcxyz_?!,.  "
SPECIAL = [
    "",
    " ",
    "?",
    "а",
    "а а а",
    "я я я я я я я я я",
    "ну ну ну, ну и ну",
    "сен ақымақсың!",
    "когда доставка?",
    "__qmark__ ма?",
    "қалай қалай қалай?",
    "ab cd ef gh abc abcd abcde abcdef",
    "kazakh latin сөз söz qalai",
    "zzzqqq xxyyzz ъъъъъ ьььь",  # no vocabulary term at all
    "ыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыыы",
    " ".join(["дурак", "ты", "дурак"] * 400),  # longer than any seed text
    " ".join(["а"] * 9000),  # a count past the sublinear table (2**14): the np.log path
]


def _seed(name: str, column: str) -> list[tuple[str, str]]:
    with (SEED / name).open(encoding="utf-8", newline="") as handle:
        return [(r["text"], r[column]) for r in csv.DictReader(handle)]


def _probe() -> list[Normalized]:
    rng = random.Random(5)
    made = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 90))) for _ in range(80)]
    seed = [text for text, _ in _seed("intent.csv", "intent")[:60]]
    seed += [text for text, _ in _seed("toxicity.csv", "label")[:60]]
    return [normalize(t) for t in [*made, *SPECIAL, *seed]]


def _check_batch_and_one_by_one(model: LinearTextModel, texts: list[str]) -> None:
    batch = model.predict_proba(texts)
    for i, text in enumerate(texts):
        assert np.abs(model.predict_proba([text])[0] - batch[i]).max() < 1e-9, text


@pytest.fixture(scope="module")
def bundle() -> ModelBundle:
    return ModelBundle.load()


def test_bundle_probabilities(bundle: ModelBundle) -> None:
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    toxicity = [row[0] for row in bundle.score_rows(docs, langs)[0]]
    intents = bundle.intent(docs, langs)
    want_tox = bundle.toxicity_model.predict_proba([d.text for d in docs])[:, 1]
    intent_texts = [intent_input(d, lang) for d, lang in zip(docs, langs, strict=True)]
    want_intent = bundle.intent_model.predict_proba(intent_texts)
    assert np.abs(np.array(toxicity) - want_tox).max() < 1e-9
    classes = bundle.intent_model.classes
    for (label, scores), row in zip(intents, want_intent, strict=True):
        assert list(scores) == list(classes)
        assert np.abs(np.array(list(scores.values())) - row).max() < 1e-9
        assert label.value == classes[int(np.argmax(row))]
    assert np.abs(np.array(bundle.toxicity(docs)) - toxicity).max() < 1e-9
    again = bundle.intent(docs, langs)
    assert [label for label, _ in again] == [label for label, _ in intents]
    for (_, got), (_, want) in zip(again, intents, strict=True):
        assert got == pytest.approx(want, abs=1e-9)
    assert bundle.score_rows([], []) == ([], [])


# Different n-gram ranges on each side; (4, 5) makes sklearn take short words whole.
SPECS = [
    (FeatureSpec(), FeatureSpec(char_ngrams=(2, 4))),
    (
        FeatureSpec(char_ngrams=(4, 5), word_ngrams=(1, 1), sublinear_tf=False),
        FeatureSpec(char_ngrams=(1, 3), word_ngrams=(2, 3)),
    ),
    (
        FeatureSpec(char_ngrams=(2, 2), word_ngrams=(2, 2)),
        FeatureSpec(char_ngrams=(3, 6), word_ngrams=(1, 3), sublinear_tf=False),
    ),
]


@pytest.mark.parametrize(("tox_spec", "intent_spec"), SPECS)
def test_fitted_models_match_sklearn(tox_spec: FeatureSpec, intent_spec: FeatureSpec) -> None:
    tox_rows = _seed("toxicity.csv", "label")
    tox_pipeline = fit_pipeline(
        [normalize(t).text for t, _ in tox_rows], [y for _, y in tox_rows], FitSettings(tox_spec)
    )
    intent_rows = _seed("intent.csv", "intent")
    intent_docs = [normalize(t) for t, _ in intent_rows]
    intent_pipeline = fit_pipeline(
        [intent_input(d, detect_language(d)) for d in intent_docs],
        [y for _, y in intent_rows],
        FitSettings(intent_spec, c=8.0),
        multinomial=True,
    )
    tox = to_linear_model(tox_pipeline, tox_spec)
    intent = to_linear_model(intent_pipeline, intent_spec)
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    texts = [d.text for d in docs]
    intent_texts = [intent_input(d, lang) for d, lang in zip(docs, langs, strict=True)]
    want_tox = tox_pipeline.predict_proba(texts)
    want_intent = intent_pipeline.predict_proba(intent_texts)
    assert np.abs(tox.predict_proba(texts) - want_tox).max() < 1e-6
    assert np.abs(intent.predict_proba(intent_texts) - want_intent).max() < 1e-6
    _check_batch_and_one_by_one(tox, texts)
    _check_batch_and_one_by_one(intent, intent_texts)


def test_a_full_word_cache_starts_over_with_the_same_results(bundle: ModelBundle) -> None:
    scorer = TextScorer([bundle.toxicity_model])
    words = [d.words for d in _probe()]
    before = scorer.logits(words)[0]
    filler = [f"слово{i}" for i in range(WORD_CACHE_LIMIT + 10)]
    for start in range(0, len(filler), 5000):
        scorer.logits([filler[start : start + 5000]])
    assert scorer.cached_words <= WORD_CACHE_LIMIT
    assert np.abs(scorer.logits(words)[0] - before).max() < 1e-9


def test_few_new_words_get_the_columns_a_batch_gets(bundle: ModelBundle) -> None:
    """A comment's few new words are looked up by their n-grams, a batch's many through the
    index: a scorer that met each word alone scores as one that met them all at once."""
    words = [d.words for d in _probe()]
    alone, together = TextScorer([bundle.toxicity_model]), TextScorer([bundle.toxicity_model])
    one_by_one = np.vstack([alone.logits([[word]])[0] for doc in words for word in doc])
    assert len({w for doc in words for w in doc}) >= FEW_WORDS  # the index path runs too
    at_once = together.logits([[word] for doc in words for word in doc])[0]
    assert np.abs(one_by_one - at_once).max() < 1e-9
    assert np.abs(alone.logits(words)[0] - together.logits(words)[0]).max() < 1e-9


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.text(alphabet="абвгд xyz_!", min_size=1, max_size=9), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=0, max_value=3),
)
def test_char_grams_are_the_char_wb_ngrams_in_the_vocabulary(
    words: list[str], low: int, extra: int
) -> None:
    words = [w for text in words for w in text.split()] or ["а"]
    vocabulary: dict[str, int] = {}
    for word in ("абв", "бвг", "x", "xyz", "_!", "гд", "а"):
        for gram in char_wb_ngrams(word, low, low + extra):
            vocabulary.setdefault(gram, len(vocabulary))
    index = CharGramIndex(vocabulary, (low, low + extra))
    owners, columns = index.columns(words, np.arange(len(words), dtype=np.int64))
    got = sorted(zip(owners.tolist(), columns.tolist(), strict=True))
    want = sorted(
        (i, vocabulary[gram])
        for i, word in enumerate(words)
        for gram in char_wb_ngrams(word, low, low + extra)
        if gram in vocabulary
    )
    assert got == want


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=ALPHABET + "\t\n\u00a0éß1", max_size=60), min_size=1, max_size=12),
    st.sampled_from([Lang.RU, Lang.KK, Lang.MIXED, Lang.OTHER]),
)
def test_batch_equals_one_by_one(texts: list[str], lang: Lang) -> None:
    bundle = _shared_bundle()
    docs = [normalize(t) for t in texts]
    langs = [lang] * len(docs)
    rows, _ = bundle.score_rows(docs, langs)
    intents = bundle.intent(docs, langs)
    for i, doc in enumerate(docs):
        one_row, _ = bundle.score_rows([doc], [lang])
        one_intent = bundle.intent([doc], [lang])
        assert abs(one_row[0][0] - rows[i][0]) < 1e-9
        assert one_intent[0][0] == intents[i][0]
        for label, p in one_intent[0][1].items():
            assert abs(p - intents[i][1][label]) < 1e-9


_BUNDLE: list[ModelBundle] = []


def _shared_bundle() -> ModelBundle:
    if not _BUNDLE:
        _BUNDLE.append(ModelBundle.load())
    return _BUNDLE[0]
