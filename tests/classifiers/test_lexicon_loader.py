"""Loading lexicon files: the bundled data loads; a malformed file names file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from classifiers.errors import LexiconError
from classifiers.lexicon import Lexicon
from classifiers.lexicon.loader import expand_kazakh
from classifiers.lexicon.matcher import bundled_directory
from classifiers.vocabulary import Category, Lang
from tests.classifiers.test_lexicon_match import make_doc


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(bundled_directory(), target)
    return target


def test_bundled_lexicon_covers_both_languages_and_every_category() -> None:
    lexicon = Lexicon.load()
    pairs = {(e.lang, e.category) for e in lexicon.entries}
    for lang in ("ru", "kk"):
        for category in Category:
            assert (lang, category) in pairs


def test_version_changes_with_the_data(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    before = Lexicon.load(directory).version
    with (directory / "ru_insult.txt").open("a", encoding="utf-8") as handle:
        handle.write("word | балбес | 1\n")
    changed = Lexicon.load(directory)
    assert changed.version != before
    assert [m.root for m in changed.find(make_doc("балбесы"), Lang.RU)] == ["балбес"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("root | хрен | 2", "needs a pattern"),
        ("root | хрен | 5 | ^хрен", "severity must be 1, 2 or 3"),
        ("root | хрен | 2 | ^хрен(", "bad regex"),
        ("blob | хрен | 2 | ^хрен", "unknown kind"),
        ("root,loud | хрен | 2 | ^хрен", "unknown flag"),
        ("root | хрен | 2 | ^{NOPE}хрен", "unknown macro"),
        ("phrase | хрен | 2", "at least two words"),
        ("just some words", "expected"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    directory = _copy(tmp_path)
    path = directory / "ru_obscene.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        Lexicon.load(directory)
    assert "ru_obscene.txt:4: " in str(caught.value)
    assert message in str(caught.value)


def test_bad_file_name_and_missing_directory(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "ru_rude.txt").write_text("word | балбес | 1\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"ru_rude\.txt: unknown category"):
        Lexicon.load(directory)
    with pytest.raises(LexiconError, match="not found"):
        Lexicon.load(tmp_path / "nowhere")


def test_bad_exception_regex_names_file_and_line(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "kk_exceptions.txt").write_text("# c\nаман(\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"kk_exceptions.txt:2: bad regex"):
        Lexicon.load(directory)


def test_kazakh_letters_also_match_russian_keyboard_spelling() -> None:
    assert expand_kazakh("қотақ") == "[қк]ота[қк]"
    assert expand_kazakh("с[іы]г") == "с[іиыы]г"
    assert expand_kazakh(r"\қ") == r"\қ"
