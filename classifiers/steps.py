"""The steps of detection, in order: normalize → language → lexicon → model → verdict.

`Steps` binds a detector's lexicon, model and versions. A step that fails for a text
reports in that text's errors (`Errors`) and the others go on: each step runs over the
whole batch, and only if it raises somewhere does it run again text by text, so that the
error lands on the text that caused it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import cast

from classifiers.intent_rules import corrected_intent
from classifiers.language import detect_language
from classifiers.lexicon import Lexicon, LexiconOverlay
from classifiers.model import ModelBundle
from classifiers.normalize import Normalized, normalize
from classifiers.verdict import MODEL_MIN_WORDS, judge_rows
from classifiers.vocabulary import Analysis, Intent, Lang, Match

_EMPTY = Normalized(original="", text="", tokens=(), truncated=False)


class Errors(dict[int, list[str]]):
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


class Steps:
    """One detector's lexicon, model and versions, for the steps of one call."""

    def __init__(self, lexicon: Lexicon, model: ModelBundle, versions: Mapping[str, str]):
        self.lexicon = lexicon
        self.model = model
        self._versions = versions

    def run(self, items: list[str], overlay: LexiconOverlay | None) -> list[Analysis]:
        """Every step over the batch `items`, one Analysis per text."""
        count = len(items)
        errors = Errors()
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
                self.matches(doc, langs[i], overlay, errors[i]) for i, doc in enumerate(docs)
            ]
        # Nothing left after normalization (emoji, "+", masks alone): nothing for a model
        # to read; such a text is not toxic and has no intent.
        rows: list[list[float | None]] = [[0.0]] * count
        labels = [Intent.OTHER] * count
        scored = [i for i, doc in enumerate(docs) if doc.text]
        if scored:
            found_rows, found_labels = self.scores(
                [docs[k] for k in scored], [langs[k] for k in scored], errors, scored
            )
            for j, k in enumerate(scored):
                rows[k], labels[k] = found_rows[j], found_labels[j]
        return self.judge(docs, langs, matches, rows, labels, errors)

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

    def matches(
        self, doc: Normalized, lang: Lang, overlay: LexiconOverlay | None, errors: list[str]
    ) -> tuple[Match, ...]:
        try:
            return self.lexicon.find(doc, lang, overlay)
        except Exception as exc:
            errors.append(f"lexicon: {exc.__class__.__name__}: {exc}")
            return ()

    def scores(
        self,
        docs: Sequence[Normalized],
        langs: Sequence[Lang],
        errors: Errors,
        positions: Sequence[int],
    ) -> tuple[list[list[float | None]], list[Intent]]:
        """Both models in one pass, as rows (see `ModelBundle.score_rows`); if that fails,
        each alone, so errors name the step (`positions`: each document's place in the
        batch, where its errors go; a failed toxicity reads None)."""
        try:
            rows, labels = self.model.score_rows(docs, langs)
            return cast(list[list[float | None]], rows), labels
        except Exception:
            lists = [errors[i] for i in positions]
            toxicity, intents = self._toxicity(docs, lists), self._intents(docs, langs, lists)
            failed: list[list[float | None]] = [
                [tox, *scores.values()] for tox, (_, scores) in zip(toxicity, intents, strict=True)
            ]
            return failed, [label for label, _ in intents]

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

    def judge(
        self,
        docs: list[Normalized],
        langs: list[Lang],
        matches: list[tuple[Match, ...]],
        rows: Sequence[Sequence[float | None]],
        labels: list[Intent],
        errors: Errors,
    ) -> list[Analysis]:
        """The verdict of each text from its scores as a row (see `verdict.judge_rows`);
        the model's intents corrected by the rules (`intent_rules`)."""
        model = self.model
        corrected = [
            corrected_intent(label, doc.words, doc.original) if doc.text else label
            for label, doc in zip(labels, docs, strict=True)
        ]
        analyses = judge_rows(
            docs,
            langs,
            matches,
            rows,
            corrected,
            model.intent_model.classes,
            {lang: model.trusted_for(lang) for lang in set(langs)},
            model.toxicity_threshold,
            errors.as_tuples(len(docs)),
            self._versions,
        )
        if model.category_model is None:
            return analyses
        return self.with_categories(docs, analyses)

    def with_categories(self, docs: list[Normalized], analyses: list[Analysis]) -> list[Analysis]:
        """The model's abuse category for texts the model itself found toxic (the lexicon's
        matches carry their own): `category.<name>` scores and one reason line."""
        threshold = self.model.toxicity_threshold
        found = [
            i
            for i, a in enumerate(analyses)
            if a.toxic
            and len(docs[i].words) >= MODEL_MIN_WORDS
            and a.scores.get("toxicity", 0.0) >= threshold
            and self.model.trusted_for(a.lang)
        ]
        if not found:
            return analyses
        try:
            categories = self.model.categories([docs[i] for i in found])
        except Exception as exc:  # the verdict stands; the category is an explanation
            for i in found:
                message = f"category: {exc.__class__.__name__}: {exc}"
                analyses[i] = replace(analyses[i], errors=(*analyses[i].errors, message))
            return analyses
        for i, probabilities in zip(found, categories, strict=True):
            if not probabilities:
                continue
            best = max(probabilities, key=probabilities.__getitem__)
            scores = dict(analyses[i].scores)
            scores.update((f"category.{name}", p) for name, p in probabilities.items())
            reason = f"model: most like {best} ({probabilities[best]:.2f})"
            analyses[i] = replace(
                analyses[i], scores=scores, reasons=(*analyses[i].reasons, reason)
            )
        return analyses
