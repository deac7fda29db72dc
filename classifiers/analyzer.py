"""The facade of the detection library: normalize → language → lexicon → model → verdict.

`Detector` holds the loaded lexicon and model; `analyze`/`analyze_many` on the module use a
process-wide default detector built on first use (never at import time). Every step is
guarded: a step that fails reports in `Analysis.errors`, the verdict falls back to what the
other steps found, and `Analysis.needs_review` tells the caller a human should look.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import cast

from classifiers.errors import ModelError
from classifiers.fastpath import COMPILED, Front, FrontEnd
from classifiers.language import detect_language
from classifiers.lexicon import Lexicon, LexiconOverlay
from classifiers.lexicon.words import INERT
from classifiers.model import ModelBundle
from classifiers.normalize import Normalized, normalize
from classifiers.verdict import judge_many, judge_rows
from classifiers.vocabulary import Analysis, Intent, Lang, Match

_log = logging.getLogger(__name__)
# The front end's fixed cost per batch (a few dozen compiled and numpy calls, some 70 µs)
# outweighs what it saves per text below about this many texts (measured: break-even at
# 4-8): smaller batches, `analyze` among them, take the reference path.
FRONT_MIN_BATCH = 8
_EMPTY = Normalized(original="", text="", tokens=(), truncated=False)
_NO_INTENT: tuple[Intent, dict[str, float]] = (Intent.OTHER, {})


class _Errors(dict[int, list[str]]):
    """Each text's error messages by position, a list made only for a text that has one
    (most batches have none)."""

    def __missing__(self, index: int) -> list[str]:
        found: list[str] = []
        self[index] = found
        return found

    def as_tuples(self, count: int) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = [()] * count
        for index, messages in self.items():
            if messages:
                out[index] = tuple(messages)
        return out


_TEXT = attrgetter("text")


class Detector:
    """A loaded lexicon plus a loaded model; cheap to call, safe to share between tasks."""

    def __init__(
        self,
        lexicon: Lexicon,
        model: ModelBundle,
        fast: bool | None = None,
        front_end: FrontEnd | None = None,
    ) -> None:
        """`fast`: read batches with the compiled front end (`classifiers.fastpath`;
        default: when numba is installed); False: the reference path only. `front_end`:
        the one to use (implies fast)."""
        self.lexicon = lexicon
        self.model = model
        available = COMPILED and model.scorer.compiled
        use_front = front_end is not None or (available if fast is None else fast)
        if use_front and not available:
            raise ModelError("the fast path needs numba, which is not installed")
        self._front = (front_end or FrontEnd()) if use_front else None
        self.versions = {"lexicon": lexicon.version, "model": model.version}
        # One mapping shared by every Analysis this detector makes (read-only by contract;
        # a plain dict so that analyses pickle, e.g. back from a detector process).
        self._versions: Mapping[str, str] = dict(self.versions)

    @classmethod
    def load(cls, model_dir: Path | None = None, lexicon_dir: Path | None = None) -> Detector:
        """Load both resources; raises LexiconError/ModelError with an actionable message."""
        return cls(Lexicon.load(lexicon_dir), ModelBundle.load(model_dir))

    def analyze(self, text: str, overlay: LexiconOverlay | None = None) -> Analysis:
        return self.analyze_many([text], overlay)[0]

    def analyze_many(
        self, texts: Iterable[str], overlay: LexiconOverlay | None = None
    ) -> list[Analysis]:
        """Batched analysis: the same results as `analyze` one by one, computed together.

        Each step runs over the whole batch; the model scores every non-empty text in one
        call. A step that fails for one text reports in that text's `errors` only.
        """
        items = list(texts)
        front = self._front
        if (
            front is not None
            and len(items) >= FRONT_MIN_BATCH
            and all(isinstance(item, str) for item in items)
        ):
            try:
                with front.lock:
                    return self._analyze_front(front, items, overlay)
            except Exception:  # a fault of the front end costs speed, never a result
                _log.exception("the batch front end failed; analysing on the reference path")
        return self._analyze_reference(items, overlay)

    def _analyze_front(
        self, front_end: FrontEnd, items: list[str], overlay: LexiconOverlay | None
    ) -> list[Analysis]:
        """`analyze_many` with normalization, language and the model's input compiled
        (`FrontEnd`); the texts it does not take go the reference way."""
        front = front_end.read(items, self.lexicon)
        docs = front.docs
        taken = [i for i, doc in enumerate(docs) if doc is not None]
        results: list[Analysis | None] = [None] * len(items)
        if len(taken) < len(items):
            rest = [i for i, doc in enumerate(docs) if doc is None]
            for i, result in zip(
                rest, self._analyze_reference([items[i] for i in rest], overlay), strict=True
            ):
                results[i] = result
        if taken:
            judged = self._judge_front(front_end, front, taken, overlay)
            for i, result in zip(taken, judged, strict=True):
                results[i] = result
        return cast(list[Analysis], results)

    def _judge_front(
        self,
        front_end: FrontEnd,
        front: Front,
        taken: list[int],
        overlay: LexiconOverlay | None,
    ) -> list[Analysis]:
        """Lexicon, model and verdict of the texts at `taken`, which the front end read."""
        docs = [cast(Normalized, front.docs[i]) for i in taken]
        langs = [cast(Lang, front.langs[i]) for i in taken]
        errors = _Errors()
        # A text whose every word is inert matches nothing (unless the overlay adds terms).
        every = overlay is not None and bool(overlay.added)
        find, reach = self.lexicon.find_reached, front.reach
        matches: list[tuple[Match, ...]] = [()] * len(taken)
        for k, i in enumerate(taken):
            if every or reach[i] != INERT:
                total = reach[i] if reach[i] >= 0 else None
                try:
                    matches[k] = find(docs[k], langs[k], overlay, total)
                except Exception:
                    matches[k] = self._matches(docs[k], langs[k], overlay, errors[k])
        front_end.note_reach(front, [i for i in taken if reach[i] < 0])
        scored = [k for k, doc in enumerate(docs) if doc.text]
        rows: list[list[float]] = [[0.0]] * len(taken)  # not scored: no words
        labels = [Intent.OTHER] * len(taken)
        model = self.model
        if scored:
            try:
                logits = front_end.logits(front, [taken[k] for k in scored], model.scorer)
                found_rows, found_labels = model.probability_rows(*logits)
            except Exception:  # each model alone, so that errors name the step
                _log.exception("scoring the front end's rows failed; scoring the reference way")
                return self._score_and_judge(docs, langs, matches, errors, scored)
            if len(scored) == len(taken):
                rows, labels = found_rows, found_labels
            else:
                for j, k in enumerate(scored):
                    rows[k], labels[k] = found_rows[j], found_labels[j]
        return judge_rows(
            docs,
            langs,
            matches,
            rows,
            labels,
            model.intent_model.classes,
            {lang: model.trusted_for(lang) for lang in set(langs)},
            model.toxicity_threshold,
            errors.as_tuples(len(docs)),
            self._versions,
        )

    def _score_and_judge(
        self,
        docs: list[Normalized],
        langs: list[Lang],
        matches: list[tuple[Match, ...]],
        errors: _Errors,
        scored: list[int],
    ) -> list[Analysis]:
        """The model and verdict of `docs` the reference way (`scored`: those with words)."""
        toxicity: list[float | None] = [0.0] * len(docs)
        intents: list[tuple[Intent, dict[str, float]]] = [_NO_INTENT] * len(docs)
        found_toxicity, found_intents = self._scores(
            [docs[k] for k in scored], [langs[k] for k in scored], errors, scored
        )
        for j, k in enumerate(scored):
            toxicity[k] = found_toxicity[j]
            intents[k] = found_intents[j]
        return self._judge(docs, langs, matches, toxicity, intents, errors)

    def _judge(
        self,
        docs: list[Normalized],
        langs: list[Lang],
        matches: list[tuple[Match, ...]],
        toxicity: list[float | None],
        intents: list[tuple[Intent, dict[str, float]]],
        errors: _Errors,
    ) -> list[Analysis]:
        model = self.model
        trusted = {lang: model.trusted_for(lang) for lang in set(langs)}
        return judge_many(
            docs,
            langs,
            matches,
            toxicity,
            trusted,
            model.toxicity_threshold,
            intents,
            errors.as_tuples(len(docs)),
            self._versions,
        )

    def _analyze_reference(
        self, items: list[str], overlay: LexiconOverlay | None
    ) -> list[Analysis]:
        """`analyze_many` step by step in Python: the reference the front end matches."""
        count = len(items)
        errors = _Errors()
        # Each step runs over the whole batch in one go; only if it raises somewhere does it
        # run again text by text, so that the error lands on the text that caused it.
        try:
            docs = list(map(normalize, items))
        except Exception:
            docs = [self._normalize(text, errors[i]) for i, text in enumerate(items)]
        try:
            langs = list(map(detect_language, docs))
        except Exception:
            langs = [self._language(doc, errors[i]) for i, doc in enumerate(docs)]
        find = self.lexicon.find
        try:
            matches = [find(doc, lang, overlay) for doc, lang in zip(docs, langs, strict=True)]
        except Exception:
            matches = [
                self._matches(doc, langs[i], overlay, errors[i]) for i, doc in enumerate(docs)
            ]
        # Nothing left after normalization (emoji, "+", masks alone): nothing for a model
        # to read; such a text is not toxic and has no intent.
        toxicity: list[float | None] = [0.0] * count
        intents: list[tuple[Intent, dict[str, float]]] = [_NO_INTENT] * count
        if all(map(_TEXT, docs)):  # the common batch: every text has words
            toxicity, intents = self._scores(docs, langs, errors, range(count))
        elif scored := [i for i, doc in enumerate(docs) if doc.text]:
            found_toxicity, found_intents = self._scores(
                [docs[i] for i in scored], [langs[i] for i in scored], errors, scored
            )
            for k, i in enumerate(scored):
                toxicity[i] = found_toxicity[k]
                intents[i] = found_intents[k]
        return self._judge(docs, langs, matches, toxicity, intents, errors)

    @staticmethod
    def _normalize(text: str, errors: list[str]) -> Normalized:
        if not isinstance(text, str):
            errors.append(f"normalize: expected text, got {type(text).__name__}")
            return _EMPTY
        try:
            return normalize(text)
        except Exception as exc:  # a detector failure must not stop the pipeline
            errors.append(f"normalize: {exc.__class__.__name__}: {exc}")
            return _EMPTY

    @staticmethod
    def _language(doc: Normalized, errors: list[str]) -> Lang:
        try:
            return detect_language(doc)
        except Exception as exc:
            errors.append(f"language: {exc.__class__.__name__}: {exc}")
            return Lang.OTHER

    def _matches(
        self, doc: Normalized, lang: Lang, overlay: LexiconOverlay | None, errors: list[str]
    ) -> tuple[Match, ...]:
        try:
            return self.lexicon.find(doc, lang, overlay)
        except Exception as exc:
            errors.append(f"lexicon: {exc.__class__.__name__}: {exc}")
            return ()

    def _scores(
        self,
        docs: Sequence[Normalized],
        langs: Sequence[Lang],
        errors: _Errors,
        positions: Sequence[int],
    ) -> tuple[list[float | None], list[tuple[Intent, dict[str, float]]]]:
        """Both models in one pass; if that fails, each alone, so errors name the step
        (`positions`: each document's place in the batch, where its errors go)."""
        try:
            toxicity, intents = self.model.score(docs, langs)
            return list(toxicity), intents
        except Exception:
            lists = [errors[i] for i in positions]
            return self._toxicity(docs, lists), self._intents(docs, langs, lists)

    def _toxicity(self, docs: Sequence[Normalized], errors: list[list[str]]) -> list[float | None]:
        try:
            return list(self.model.toxicity(docs))
        except Exception as exc:
            for item_errors in errors:
                item_errors.append(f"model: {exc.__class__.__name__}: {exc}")
            return [None] * len(docs)

    def _intents(
        self, docs: Sequence[Normalized], langs: Sequence[Lang], errors: list[list[str]]
    ) -> list[tuple[Intent, dict[str, float]]]:
        try:
            return self.model.intent(docs, langs)
        except Exception as exc:
            for item_errors in errors:
                item_errors.append(f"intent: {exc.__class__.__name__}: {exc}")
            return [(Intent.OTHER, {}) for _ in docs]


_default: Detector | None = None
_default_lock = threading.Lock()


def load(model_dir: Path | None = None, lexicon_dir: Path | None = None) -> Detector:
    """Load (or reload) the process-wide default detector explicitly."""
    global _default
    detector = Detector.load(model_dir, lexicon_dir)
    with _default_lock:
        _default = detector
    return detector


def default_detector() -> Detector:
    """The process-wide detector, loaded on first use from the bundled data."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Detector.load()
    return _default


def analyze(text: str, overlay: LexiconOverlay | None = None) -> Analysis:
    """Analyze one comment with the default detector."""
    return default_detector().analyze(text, overlay)


def analyze_many(texts: Iterable[str], overlay: LexiconOverlay | None = None) -> list[Analysis]:
    """Analyze many comments at once with the default detector (same results, faster)."""
    return default_detector().analyze_many(texts, overlay)
