"""The compiled kernel and the numpy path on the batches most likely to trip them: empty
documents, cue-only documents, unknown words, word n-grams at the text/cue boundary and
between documents. Each figure is checked against `LinearTextModel` on the plain strings
the models were trained on (the text for toxicity, the text plus its cues for intent)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from classifiers.model import ModelBundle
from classifiers.model.batch import BatchScorer
from classifiers.model.features import FeatureSpec
from classifiers.model.kernel import COMPILED
from classifiers.model.linear import LinearTextModel
from classifiers.training.fit import FitSettings, fit_pipeline, to_linear_model

PATHS = [False, pytest.param(True, marks=pytest.mark.skipif(not COMPILED, reason="no numba"))]
Batch = tuple[list[list[str]], list[list[str]]]


def _expected(
    tox: LinearTextModel, intent: LinearTextModel, texts: list[list[str]], cues: list[list[str]]
) -> tuple[np.ndarray, np.ndarray]:
    return (
        tox.decision_many([" ".join(words) for words in texts])[:, 0],
        intent.decision_many([" ".join(w + c) for w, c in zip(texts, cues, strict=True)]),
    )


def _assert_scores(
    scorer: BatchScorer, tox: LinearTextModel, intent: LinearTextModel, batch: Batch
) -> None:
    texts, cues = batch
    want_tox, want_intent = _expected(tox, intent, texts, cues)
    got_tox, got_intent = scorer.logits(texts, cues)
    assert got_tox.shape == (len(texts),)
    assert got_intent.shape == (len(texts), len(intent.classes))
    assert np.abs(got_tox - want_tox).max() < 1e-9
    assert np.abs(got_intent - want_intent).max() < 1e-9
    alone, _ = scorer.logits(texts)  # toxicity only: no cue may leak in
    assert np.abs(alone - want_tox).max() < 1e-9
    for i in range(len(texts)):  # and one document at a time
        one_tox, one_intent = scorer.logits(texts[i : i + 1], cues[i : i + 1])
        assert abs(one_tox[0] - want_tox[i]) < 1e-9, texts[i]
        assert np.abs(one_intent[0] - want_intent[i]).max() < 1e-9, texts[i]


@pytest.fixture(scope="module")
def bundle() -> ModelBundle:
    return ModelBundle.load()


EDGE_BATCH: Batch = (
    [
        [],
        [],
        ["сука", "тупая"],
        [],
        ["zzqqxx", "ъъъьь", "qwqwqw"],  # no term of either vocabulary
        ["когда", "доставка", "zzqqxx", "доставка"],
        ["__qmark__", "ма?"],  # the text itself holds a cue pseudo-word
        [],
        ["ты", "дурак", "ты", "дурак"] * 50,
    ],
    [
        [],
        ["__qmark__", "__lang_ru__"],  # cues only
        ["__exclam__", "__lang_ru__"],
        ["__lang_kk__"],
        [],
        ["__qmark__", "__qword__", "__lang_ru__"],
        ["__qmark__", "__kkparticle__", "__lang_kk__"],
        [],
        ["__lang_ru__"],
    ],
)


@pytest.mark.parametrize("compiled", PATHS)
def test_edge_documents_in_one_batch(bundle: ModelBundle, compiled: bool) -> None:
    tox, intent = bundle.toxicity_model, bundle.intent_model
    scorer = BatchScorer(tox, intent, compiled=compiled)
    _assert_scores(scorer, tox, intent, EDGE_BATCH)
    # A batch of nothing but empty documents: the intercepts alone.
    got_tox, got_intent = scorer.logits([[], []], [[], []])
    assert np.allclose(got_tox, tox.intercept[0], rtol=0, atol=1e-12)
    assert np.allclose(got_intent, intent.intercept, rtol=0, atol=1e-12)
    got_tox, got_intent = scorer.logits([], [])  # and no documents at all
    assert got_tox.shape == (0,) and got_intent.shape == (0, len(intent.classes))


@pytest.mark.parametrize("compiled", PATHS)
def test_batches_split_past_max_docs(bundle: ModelBundle, compiled: bool) -> None:
    tox, intent = bundle.toxicity_model, bundle.intent_model
    scorer = BatchScorer(tox, intent, compiled=compiled)
    texts, cues = EDGE_BATCH
    whole = scorer.logits(texts * 3, cues * 3)
    scorer.max_docs = 4  # 27 documents: calls of 4, 4, …, 3
    split = scorer.logits(texts * 3, cues * 3)
    assert np.abs(split[0] - whole[0]).max() < 1e-12
    assert np.abs(split[1] - whole[1]).max() < 1e-12


# Both models know the phrases "привет __qmark__" and "ну привет __qmark__", so a cue
# right after the text makes word n-grams that only the intent model may count.
TOX_ROWS = [
    ("ну привет __qmark__ дурак", "1"),
    ("привет __qmark__ ты дурак", "1"),
    ("ну привет друг", "0"),
    ("привет как дела", "0"),
    ("ну ты дурак", "1"),
    ("хорошо ну привет", "0"),
]
INTENT_ROWS = [
    ("ну привет __qmark__ __lang_ru__", "question"),
    ("когда привет __qmark__ __lang_ru__", "question"),
    ("спасибо ну привет __lang_ru__", "praise"),
    ("плохо ну привет __exclam__ __lang_ru__", "complaint"),
    ("ну и ну __lang_ru__", "other"),
]


def _fit(
    rows: list[tuple[str, str]], spec: FeatureSpec, multinomial: bool = False
) -> LinearTextModel:
    pipeline = fit_pipeline(
        [t for t, _ in rows], [y for _, y in rows], FitSettings(spec), multinomial
    )
    return to_linear_model(pipeline, spec)


@pytest.mark.parametrize("word_ngrams", [(1, 3), (2, 3)])
@pytest.mark.parametrize("compiled", PATHS)
def test_ngrams_into_cues_count_for_intent_only(
    word_ngrams: tuple[int, int], compiled: bool
) -> None:
    spec = FeatureSpec(char_ngrams=(2, 3), word_ngrams=word_ngrams)
    tox = _fit(TOX_ROWS, spec)
    intent = _fit(INTENT_ROWS, spec, multinomial=True)
    for model in (tox, intent):
        assert "привет __qmark__" in model.word_block.vocabulary
        assert "ну привет __qmark__" in model.word_block.vocabulary
    # The test can fail: the boundary phrases move toxicity when (wrongly) counted.
    with_cue, without = tox.decision_many(["ну привет __qmark__", "ну привет"])[:, 0]
    assert abs(with_cue - without) > 1e-3
    scorer = BatchScorer(tox, intent, compiled=compiled)
    batch: Batch = (
        [["ну", "привет"], ["ну"], ["привет"], [], ["__qmark__", "привет"], ["ну", "привет"]],
        [
            ["__qmark__", "__lang_ru__"],
            ["привет", "__qmark__"],
            ["__qmark__"],
            ["__qmark__"],
            [],
            [],
        ],
    )
    _assert_scores(scorer, tox, intent, batch)
    # Nor does a phrase run from one document into the next.
    got, _ = scorer.logits([["ну", "привет"], ["__qmark__"]])
    want = tox.decision_many(["ну привет", "__qmark__"])[:, 0]
    assert np.abs(got - want).max() < 1e-9


# Intent labels for 2 (one logit), 5 (every class in the kernel's registers) and 7 classes
# (two past them): the kernel keeps the first five classes apart from the rest.
LABELS = ["question", "praise", "complaint", "other", "spam", "offer", "thanks"]


@pytest.mark.parametrize("classes", [2, 5, 7])
@pytest.mark.parametrize("compiled", PATHS)
def test_any_number_of_intent_classes(classes: int, compiled: bool) -> None:
    texts = [t for t, _ in INTENT_ROWS] + ["когда доставка __qmark__", "ну и что __exclam__"]
    rows = [(text, LABELS[i % classes]) for i, text in enumerate(texts)] * 2
    spec = FeatureSpec(char_ngrams=(2, 4), word_ngrams=(1, 2))
    intent = _fit(rows, spec, multinomial=classes > 2)
    assert len(intent.classes) == classes
    tox = _fit(TOX_ROWS, FeatureSpec(char_ngrams=(1, 5), word_ngrams=(1, 2)))
    scorer = BatchScorer(tox, intent, compiled=compiled)
    batch: Batch = (
        [["ну", "привет"], ["когда", "доставка"], [], ["спасибо", "zzqq"], ["ну", "и", "ну"]],
        [["__qmark__", "__lang_ru__"], ["__lang_ru__"], ["__qmark__"], [], ["__exclam__"]],
    )
    want_tox, want_intent = _expected(tox, intent, *batch)
    got_tox, got_intent = scorer.logits(*batch)
    # A binary model has one logit (sklearn's decision_function), more classes one each.
    assert got_intent.shape == want_intent.shape == (5, 1 if classes == 2 else classes)
    assert np.abs(got_tox - want_tox).max() < 1e-9
    assert np.abs(got_intent - want_intent).max() < 1e-9
    # The test can fail: every class's logit differs somewhere in the batch.
    assert all(np.ptp(got_intent[:, c]) > 1e-6 for c in range(got_intent.shape[1]))


@pytest.mark.skipif(not COMPILED, reason="no numba")
def test_compiled_and_numpy_paths_agree_on_a_fitted_pair() -> None:
    spec = FeatureSpec(char_ngrams=(1, 4), word_ngrams=(1, 2), sublinear_tf=False)
    tox = _fit(TOX_ROWS, spec)
    intent = _fit(INTENT_ROWS, FeatureSpec(char_ngrams=(3, 5), word_ngrams=(1, 3)), True)
    texts = [["ну", "привет"] * k for k in range(6)] + [["привет", "ну", "zz"]]
    cues = [["__qmark__"] * (k % 3) for k in range(7)]
    fast = BatchScorer(tox, intent, compiled=True).logits(texts, cues)
    plain = BatchScorer(tox, intent, compiled=False).logits(texts, cues)
    assert np.abs(fast[0] - plain[0]).max() < 1e-9
    assert np.abs(fast[1] - plain[1]).max() < 1e-9


def test_without_numba_the_numpy_path_scores(bundle: ModelBundle) -> None:
    texts, cues = EDGE_BATCH
    code = (
        "import sys, json; sys.modules['numba'] = None\n"  # as if numba were not installed
        "from classifiers.model import ModelBundle\n"
        "from classifiers.model.kernel import COMPILED\n"
        "texts, cues = json.loads(sys.stdin.read())\n"
        "tox, intent = ModelBundle.load().scorer.logits(texts, cues)\n"
        "print(json.dumps([COMPILED, tox.tolist(), intent.tolist()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps([texts, cues]),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    compiled, tox, intent = json.loads(result.stdout)
    assert compiled is False
    want_tox, want_intent = _expected(bundle.toxicity_model, bundle.intent_model, texts, cues)
    assert np.abs(np.array(tox) - want_tox).max() < 1e-9
    assert np.abs(np.array(intent) - want_intent).max() < 1e-9
