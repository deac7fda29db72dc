"""The library's own verdict: turns lexicon matches and model scores into `toxic` + reasons.

Rules, in the order a moderator would read them on a card:
1. a lexicon match of severity ≥ 2 (obscene, insult, threat, slur, spam) is toxic;
2. the model's probability at or above its threshold is toxic — but only in a language
   the model was trained on (`trusted`): a Russian-trained model must not judge Kazakh;
3. a mild match (severity 1, e.g. "дурак", "ақымақ") is toxic when the model agrees at
   half its threshold, or when the model cannot judge this language at all;
4. the model does not judge a single word alone (the lexicon does);
5. a word mentioned rather than used (quoted, discussed, condemned) is never toxic on its
   own: it is reported, and scores 0.6, what a policy sends to review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from classifiers.normalize import Normalized
from classifiers.vocabulary import Analysis, Intent, Lang, Match

# What a lexicon hit of each severity means as a probability-like figure on the card.
_SEVERITY_SCORE = {1: 0.6, 2: 0.95, 3: 0.99}
# ... and of a word mentioned rather than used (Match.mentioned): enough for review.
_MENTIONED_SCORE = 0.6
# The model judges texts of at least this many words on its own (see `judge`).
MODEL_MIN_WORDS = 2


# "intent.<label>" per intent label, made once (an f-string per score per comment showed
# in profiles).
_INTENT_KEYS = {intent.value: f"intent.{intent.value}" for intent in Intent}


def judge(
    *,
    normalized: Normalized,
    lang: Lang,
    matches: tuple[Match, ...],
    toxicity: float | None,
    trusted: bool,
    threshold: float,
    intent: tuple[Intent, Mapping[str, float]],
    errors: tuple[str, ...],
    versions: Mapping[str, str],
) -> Analysis:
    """Combine the steps' findings into one explainable Analysis."""
    intent_label, intent_scores = intent
    scores: dict[str, float] = {} if toxicity is None else {"toxicity": float(toxicity)}
    if not matches and (toxicity is None or toxicity < threshold):
        # The common comment: nothing matched, the model (if any) says clean.
        reasons: tuple[str, ...] = ()
        toxic, score = False, toxicity if (toxicity is not None and trusted) else 0.0
    else:
        toxic, score, reasons, lexicon_score = _weigh(
            normalized, lang, matches, toxicity, trusted, threshold
        )
        if matches:
            scores["lexicon"] = lexicon_score
    keys = map(_INTENT_KEYS.__getitem__, intent_scores)
    scores.update(zip(keys, intent_scores.values(), strict=True))
    return Analysis(
        lang,
        normalized.text,
        matches,
        scores,
        toxic,
        score,
        intent_label,
        reasons,
        errors,
        normalized.truncated,
        versions,
    )


def _weigh(
    normalized: Normalized,
    lang: Lang,
    matches: tuple[Match, ...],
    toxicity: float | None,
    trusted: bool,
    threshold: float,
) -> tuple[bool, float, tuple[str, ...], float]:
    """The rules above: (toxic, score, reasons, the lexicon's score)."""
    reasons: list[str] = []
    used = [m for m in matches if not m.mentioned]
    for match in used:
        if match.severity >= 2:
            reasons.append(
                f"lexicon: '{match.term}' is {match.category} ({match.root}, "
                f"severity {match.severity})"
            )
    # One word is too little for a bag-of-n-grams model: rare innocent words share letters
    # with abuse (хлебать, ебонит, бляха), so a lone word is the lexicon's call.
    lone_word = len(normalized.words) < MODEL_MIN_WORDS
    model_usable = toxicity is not None and trusted and not lone_word
    # The model reads a mentioned word's letters too: when the text's only abusive word is
    # mentioned (quoted, condemned), the text stays at review whatever the model says.
    mentioned_only = not used and any(m.mentioned for m in matches)
    if model_usable and not mentioned_only and toxicity is not None and toxicity >= threshold:
        reasons.append(f"model: toxicity {toxicity:.2f} ≥ threshold {threshold:.2f}")
    for match in used:
        corroborated = not model_usable or (toxicity is not None and toxicity >= threshold / 2)
        if match.severity < 2 and corroborated:
            why = (
                "model agrees"
                if model_usable
                else "one word, the model does not judge"
                if lone_word
                else f"model not trained for {lang}"
            )
            reasons.append(
                f"lexicon: '{match.term}' is mild {match.category} ({match.root}); {why}"
            )
    toxic = bool(reasons)
    if not toxic and toxicity is not None and lone_word and toxicity >= threshold:
        reasons.append(f"model: toxicity {toxicity:.2f} ignored for a single word")
    elif not toxic and toxicity is not None and not trusted and toxicity >= threshold:
        reasons.append(f"model: toxicity {toxicity:.2f} ignored, model not trained for {lang}")
    mentioned = [m for m in matches if m.mentioned]
    for match in mentioned:
        reasons.append(
            f"lexicon: '{match.term}' ({match.category}, {match.root}) is mentioned, not used"
        )
    lexicon_score = max((_SEVERITY_SCORE.get(m.severity, 0.95) for m in used), default=0.0)
    model_score = toxicity if (toxicity is not None and model_usable) else 0.0
    score = max(lexicon_score, model_score) if toxic else model_score
    if mentioned and not toxic:
        # A word quoted or condemned is worth a look, never a verdict on its own: the
        # score stays below any hide threshold a policy would set above it.
        score = _MENTIONED_SCORE if mentioned_only else max(score, _MENTIONED_SCORE)
        lexicon_score = max(lexicon_score, _MENTIONED_SCORE)
    return toxic, float(score), tuple(reasons), lexicon_score


def judge_rows(
    docs: Sequence[Normalized],
    langs: Sequence[Lang],
    matches: Sequence[tuple[Match, ...]],
    rows: Sequence[Sequence[float | None]],
    labels: Sequence[Intent],
    classes: Sequence[str],
    trusted: Mapping[Lang, bool],
    threshold: float,
    errors: Sequence[tuple[str, ...]],
    versions: Mapping[str, str],
) -> list[Analysis]:
    """`judge` of every text of a batch, its scores as one row: [P(toxic) (None: the model
    failed), P(each of `classes`)…] (just [P(toxic)] without intent probabilities), and
    its most likely intent in `labels`."""
    return [
        judge(
            normalized=doc,
            lang=lang,
            matches=found,
            toxicity=row[0],
            trusted=trusted[lang],
            threshold=threshold,
            intent=(label, cast(dict[str, float], dict(zip(classes, row[1:], strict=False)))),
            errors=errs,
            versions=versions,
        )
        for doc, lang, found, row, label, errs in zip(
            docs, langs, matches, rows, labels, errors, strict=True
        )
    ]
