"""The public facade: `Detector.analyze` / `analyze_many`, bad input, failing steps."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from classifiers import Analysis, Detector, Lang
from classifiers.lexicon import LexiconOverlay
from classifiers.normalize import MAX_ANALYZED_CHARS

MIXED_BATCH = [
    "Спасибо, всё пришло вовремя!",
    "Рахмет, бәрі жақсы",
    "сен ақымақсың",
    "ты тупой идиот",
    "х у й тебе",
    "п.и.з.д.е.ц какой-то, т.е. вообще",
    "Қашан ашыласыздар?",
    "😀😀😀",
    "+",
    "",
    "Мен бүгін дүкенге бардым, магазин закрыт был",
    "blyat ну сколько можно",
]


def _same(first: list[Analysis], second: list[Analysis]) -> None:
    """Equal, the figures up to float rounding (a batch sums in another order)."""
    assert len(first) == len(second)
    for a, b in zip(first, second, strict=True):
        assert replace(a, scores={}, score=0.0) == replace(b, scores={}, score=0.0)
        assert a.scores == pytest.approx(b.scores, abs=1e-9)
        assert a.score == pytest.approx(b.score, abs=1e-9)


def test_a_batch_gives_the_same_analyses_as_one_at_a_time(detector: Detector) -> None:
    one_by_one = [detector.analyze(text) for text in MIXED_BATCH]
    _same(detector.analyze_many(MIXED_BATCH), one_by_one)
    # and in another order, in another batch: nothing leaks between texts
    _same(detector.analyze_many(MIXED_BATCH[::-1]), one_by_one[::-1])


def test_verdicts_and_languages_of_plain_comments(detector: Detector) -> None:
    by_text = dict(zip(MIXED_BATCH, detector.analyze_many(MIXED_BATCH), strict=True))
    assert not by_text["Спасибо, всё пришло вовремя!"].toxic
    assert by_text["Рахмет, бәрі жақсы"].lang is Lang.KK
    assert not by_text["Рахмет, бәрі жақсы"].toxic
    assert by_text["сен ақымақсың"].toxic and by_text["сен ақымақсың"].lang is Lang.KK
    spelled = by_text["х у й тебе"]
    assert spelled.toxic
    assert [(m.term, m.start, m.end) for m in spelled.matches] == [("х у й", 0, 5)]
    assert by_text["Мен бүгін дүкенге бардым, магазин закрыт был"].lang is Lang.MIXED
    for text in ("😀😀😀", "+", ""):
        assert by_text[text].lang is Lang.OTHER and not by_text[text].toxic
    assert all(analysis.reasons for analysis in by_text.values() if analysis.toxic)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "\x00\x00", "a\ud800b", "\u202eабв\u202c", "з̷̢̛а̴̡л̸̨г̶̢о̷", "\ufeff\u200b"],
)
def test_bad_input_gives_a_sensible_analysis(detector: Detector, text: str) -> None:
    analysis = detector.analyze(text)
    assert isinstance(analysis, Analysis)
    assert analysis.errors == ()
    assert not analysis.toxic
    analysis.normalized.encode("utf-8")  # nothing unencodable survives


def test_a_megabyte_is_cut_to_the_cap_and_flagged(detector: Detector) -> None:
    analysis = detector.analyze("нормальный текст " * 65_000)
    assert analysis.truncated
    assert len(analysis.normalized) <= MAX_ANALYZED_CHARS
    assert not analysis.toxic and analysis.errors == ()


def test_a_text_that_is_not_text_is_reported_in_its_own_analysis(detector: Detector) -> None:
    clean, broken, abusive = detector.analyze_many(["привет", 123, "ты тупой идиот"])  # type: ignore[list-item]
    assert broken.errors == ("normalize: expected text, got int",)
    assert broken.needs_review and not broken.toxic
    assert clean.errors == () and not clean.toxic
    assert abusive.errors == () and abusive.toxic


def test_a_failing_step_lands_in_errors_and_the_rest_still_judges(detector: Detector) -> None:
    # An overlay that is not what the lexicon expects (a plain string for a term) makes
    # the lexicon step fail at run time; the model still judges, a human is asked to look.
    broken = LexiconOverlay(added=("казино",))  # type: ignore[arg-type]
    analysis = detector.analyze("ты тупой идиот", broken)
    assert analysis.needs_review
    assert [e.split(":")[0] for e in analysis.errors] == ["lexicon"]
    assert analysis.matches == ()
    assert "toxicity" in analysis.scores


def test_a_model_failing_at_run_time_lands_in_the_scored_texts_errors() -> None:
    # A real bundle in a broken state (its scorer gone): toxicity and intent both fail;
    # each scored text says so, the text with no words is not touched, the lexicon still
    # judges, and a human is asked to look.
    detector = Detector.load()
    detector.model.scorer = None  # type: ignore[assignment]
    clean, empty, abusive = detector.analyze_many(["привет", "🙂", "ты тупой идиот"])
    for analysis in (clean, abusive):
        assert [e.split(":")[0] for e in analysis.errors] == ["model", "intent"]
        assert analysis.needs_review and "toxicity" not in analysis.scores
    assert empty.errors == () and not empty.needs_review
    assert abusive.toxic and abusive.matches
    assert not clean.toxic


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = (
        "import sys, classifiers; "
        "heavy = [m for m in ('sklearn', 'pymorphy3', 'classifiers.analyzer') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
