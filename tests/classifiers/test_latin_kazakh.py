"""Kazakh in Latin letters (2021 alphabet and informal), and addresses out of the language vote."""

from __future__ import annotations

import pytest

from classifiers.language import detect_language
from classifiers.lexicon import Lexicon
from classifiers.normalize import normalize
from classifiers.vocabulary import Lang
from tests.classifiers.lexicon_roots import found_roots


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sen aqymaqsyñ, auzyñdy jap", Lang.KK),
        ("Salem, qalaisyñ?", Lang.KK),
        ("Keremet qosymsha, raqmet", Lang.KK),
        ("privet kak dela", Lang.RU),
        ("nice video bro", Lang.OTHER),
    ],
)
def test_latin_script_kazakh_is_kazakh(text: str, lang: Lang) -> None:
    assert detect_language(normalize(text)) is lang


@pytest.mark.parametrize(("text", "root"), [("Sen aqymaqsyñ", "ақымақ"), ("jalap", "жалап")])
def test_latin_script_kazakh_is_read_by_the_lexicon(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in found_roots(lexicon, text, Lang.KK)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Seni tauyp alamyn", "сені тауып аламын"),
        ("Şeşeñdi ūraiyn", "шешеңді ұрайын"),
        ("sheshendi urayin", "шешеңді ұрайын"),
        ("Men seni öltiremin", "сені өлтіремін"),
        ("Öltiremin seni", "өлтіремін"),
        ("Sen oñbağansyñ", "оңбаған"),
    ],
)
def test_latin_script_kazakh_phrases(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in found_roots(lexicon, text, Lang.KK)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("casino-kz.win, бонус 200% за регистрацию", Lang.RU),
        ("[id196190334|Тёма], рахмет сізге", Lang.KK),
        ("@aidos_kz керемет видео", Lang.KK),
        ("смотрите https://example.com/some/long/english/path", Lang.RU),
    ],
)
def test_links_and_mentions_do_not_vote(text: str, lang: Lang) -> None:
    assert detect_language(normalize(text)) is lang
