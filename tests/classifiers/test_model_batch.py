"""The batch scorer must give each model's own figures: LinearTextModel's logits (1e-9),
scikit-learn's probabilities (1e-6), and the same answer in a batch as one by one."""

from __future__ import annotations

import csv
import random
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.language import detect_language
from classifiers.model import ModelBundle
from classifiers.model.batch import BatchScorer
from classifiers.model.cues import cue_words, intent_input
from classifiers.model.features import FeatureSpec
from classifiers.model.kernel import COMPILED
from classifiers.model.linear import LinearTextModel
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


def _split(docs: Sequence[Normalized], langs: Sequence[Lang]) -> tuple[list[list[str]], ...]:
    words = [d.text.split() for d in docs]
    return words, [cue_words(d, lang, w) for d, lang, w in zip(docs, langs, words, strict=True)]


def _reference(
    tox: LinearTextModel, intent: LinearTextModel, docs: Sequence[Normalized], langs: list[Lang]
) -> tuple[np.ndarray, np.ndarray]:
    """Each model on its own, through LinearTextModel's batch path."""
    intent_texts = [intent_input(d, lang) for d, lang in zip(docs, langs, strict=True)]
    return (
        tox.decision_many([d.text for d in docs])[:, 0],
        intent.decision_many(intent_texts),
    )


def _check(scorer: BatchScorer, tox: LinearTextModel, intent: LinearTextModel) -> None:
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    words, cues = _split(docs, langs)
    want_tox, want_intent = _reference(tox, intent, docs, langs)
    got_tox, got_intent = scorer.logits(words, cues)
    assert np.abs(got_tox - want_tox).max() < 1e-9
    assert np.abs(got_intent - want_intent).max() < 1e-9
    for i in range(len(docs)):
        one_tox, one_intent = scorer.logits(words[i : i + 1], cues[i : i + 1])
        assert abs(one_tox[0] - got_tox[i]) < 1e-12, docs[i].text
        assert np.abs(one_intent[0] - got_intent[i]).max() < 1e-12, docs[i].text
    alone, _ = scorer.logits(words)  # toxicity only: cue words must not leak in
    assert np.abs(alone - want_tox).max() < 1e-9


@pytest.fixture(scope="module")
def bundle() -> ModelBundle:
    return ModelBundle.load()


# Both ways of counting and summing: the numba kernel (when installed) and plain numpy.
PATHS = [False, pytest.param(True, marks=pytest.mark.skipif(not COMPILED, reason="no numba"))]


@pytest.mark.parametrize("compiled", PATHS)
def test_shipped_model_matches_linear_models(bundle: ModelBundle, compiled: bool) -> None:
    scorer = BatchScorer(bundle.toxicity_model, bundle.intent_model, compiled=compiled)
    _check(scorer, bundle.toxicity_model, bundle.intent_model)


@pytest.mark.skipif(not COMPILED, reason="no numba")
def test_kernel_and_numpy_paths_agree_on_long_and_repetitive_texts(bundle: ModelBundle) -> None:
    texts = [
        "сука тупая",
        "а б в г д е ж з и к л м н о п р с т у ф х ц ч ш щ",
        "",
        "ok ok ok ?? !!",
    ]
    docs = [normalize(t) for t in texts]
    langs = [detect_language(d) for d in docs]
    words, cues = _split(docs, langs)
    # counts past the 2**14 tf table (the logarithm path); the scorer itself has no cap
    words[0] = words[0] * 10_000
    kernel = BatchScorer(bundle.toxicity_model, bundle.intent_model, compiled=True)
    plain = BatchScorer(bundle.toxicity_model, bundle.intent_model, compiled=False)
    for batch in (slice(0, 4), slice(0, 1), slice(2, 3)):
        got, want = (
            kernel.logits(words[batch], cues[batch]),
            plain.logits(words[batch], cues[batch]),
        )
        assert np.abs(got[0] - want[0]).max() < 1e-9
        assert np.abs(got[1] - want[1]).max() < 1e-9


def test_bundle_probabilities(bundle: ModelBundle) -> None:
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    toxicity, intents = bundle.score(docs, langs)
    want_tox = bundle.toxicity_model.predict_proba([d.text for d in docs])[:, 1]
    intent_texts = [intent_input(d, lang) for d, lang in zip(docs, langs, strict=True)]
    want_intent = bundle.intent_model.predict_proba(intent_texts)
    assert np.abs(np.array(toxicity) - want_tox).max() < 1e-9
    classes = bundle.intent_model.classes
    for (label, scores), row in zip(intents, want_intent, strict=True):
        assert list(scores) == list(classes)
        assert np.abs(np.array(list(scores.values())) - row).max() < 1e-9
        assert label.value == classes[int(np.argmax(row))]
    assert np.abs(np.array(bundle.toxicity(docs)) - toxicity).max() < 1e-12
    assert bundle.intent(docs, langs) == intents
    assert bundle.score([], []) == ([], [])


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
    scorer = BatchScorer(tox, intent)
    _check(scorer, tox, intent)
    _check(BatchScorer(tox, intent, compiled=False), tox, intent)
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    got_tox, got_intent = scorer.logits(*_split(docs, langs))
    want_tox = tox_pipeline.predict_proba([d.text for d in docs])[:, 1]
    intent_texts = [intent_input(d, lang) for d, lang in zip(docs, langs, strict=True)]
    want_intent = intent_pipeline.predict_proba(intent_texts)
    assert np.abs(1.0 / (1.0 + np.exp(-got_tox)) - want_tox).max() < 1e-6
    assert np.abs(intent.probabilities(got_intent) - want_intent).max() < 1e-6


def test_big_batches_duplicates_and_split_batches(bundle: ModelBundle) -> None:
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    many_docs = [docs[i % len(docs)] for i in range(1000)]
    many_langs = [langs[i % len(docs)] for i in range(1000)]
    words, cues = _split(many_docs, many_langs)
    tox, intent = bundle.scorer.logits(words, cues)
    assert np.array_equal(tox[: len(docs)], tox[len(docs) : 2 * len(docs)])
    small = BatchScorer(bundle.toxicity_model, bundle.intent_model)
    small.max_docs = 7  # as if the document field of a key were tiny
    split_tox, split_intent = small.logits(words, cues)
    assert np.abs(split_tox - tox).max() < 1e-12
    assert np.abs(split_intent - intent).max() < 1e-12


def test_eviction_keeps_results_and_bounds_memory(bundle: ModelBundle) -> None:
    tiny = BatchScorer(bundle.toxicity_model, bundle.intent_model, word_limit=20, id_limit=300)
    _check(tiny, bundle.toxicity_model, bundle.intent_model)
    assert len(tiny.table) <= 2000  # never more than one batch's distinct words


def test_threads_share_one_scorer(bundle: ModelBundle) -> None:
    shared = BatchScorer(bundle.toxicity_model, bundle.intent_model, word_limit=50, id_limit=600)
    docs = _probe()
    langs = [detect_language(d) for d in docs]
    words, cues = _split(docs, langs)
    want_tox, want_intent = bundle.scorer.logits(words, cues)
    failures: list[str] = []

    def work(offset: int) -> None:
        try:
            check(offset)
        except Exception as exc:  # a thread's exception would otherwise go unseen
            failures.append(repr(exc))

    def check(offset: int) -> None:
        for start in range(offset, len(docs), 5):
            got_tox, got_intent = shared.logits(words[start : start + 9], cues[start : start + 9])
            if np.abs(got_tox - want_tox[start : start + 9]).max() > 1e-12 or (
                np.abs(got_intent - want_intent[start : start + 9]).max() > 1e-12
            ):
                failures.append(f"batch at {start}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=ALPHABET + "\t\n\u00a0éß1", max_size=60), min_size=1, max_size=12),
    st.sampled_from([Lang.RU, Lang.KK, Lang.MIXED, Lang.OTHER]),
)
def test_batch_equals_one_by_one(texts: list[str], lang: Lang) -> None:
    bundle = _shared_bundle()
    docs = [normalize(t) for t in texts]
    langs = [lang] * len(docs)
    toxicity, intents = bundle.score(docs, langs)
    for i, doc in enumerate(docs):
        one_tox, one_intent = bundle.score([doc], [lang])
        assert abs(one_tox[0] - toxicity[i]) < 1e-12
        assert one_intent[0][0] == intents[i][0]
        for label, p in one_intent[0][1].items():
            assert abs(p - intents[i][1][label]) < 1e-12


_BUNDLE: list[ModelBundle] = []


def _shared_bundle() -> ModelBundle:
    if not _BUNDLE:
        _BUNDLE.append(ModelBundle.load())
    return _BUNDLE[0]
