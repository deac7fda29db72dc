"""Learning from moderators on small data made here: promote, refuse, rollback, tampering."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from classifiers.errors import ModelError
from classifiers.lexicon import Lexicon
from classifiers.model.store import ModelStore
from classifiers.training import TrainReport, train
from classifiers.training.learn import HeldOut, Verdict, learn, split_recent

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SUBJECTS = ["доставка", "магазин", "курьер", "заказ", "сервис", "оператор", "товар", "сайт"]
CLEAN = [
    "{s} пришел вовремя, спасибо",
    "подскажите, где {s}",
    "{s} нормальный, всё устроило",
    "когда будет {s}",
    "хороший {s}, рекомендую",
]
TOXIC = [
    "{s} для тупых идиотов",
    "ваш {s} делают дебилы конченые",
    "{s} мразь и урод",
    "заткнись со своим {s}, кретин",
    "{s} полное дерьмо, уроды",
]
# A word the base corpus never saw; the moderators teach it.
NEW_INSULT = "{s} тырдымбас бесит, тырдымбас"


def _rows(templates: Sequence[str]) -> list[str]:
    return [t.format(s=s) for t in templates for s in SUBJECTS]


def _write(path: Path, rows: Sequence[tuple[str, str]], column: str = "label") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", column, "lang"])
        writer.writerows([text, label, "ru"] for text, label in rows)
    return path


def write_base(root: Path) -> tuple[Path, Path]:
    """A small toxicity file and intent file (also used by the bot's learning tests)."""
    toxicity = _write(
        root / "base.csv", [(t, "0") for t in _rows(CLEAN)] + [(t, "1") for t in _rows(TOXIC)]
    )
    intents = [(t, "question") for t in _rows(CLEAN[1:2] + CLEAN[3:4])]
    intents += [(t, "praise") for t in _rows(CLEAN[0:1] + CLEAN[4:5])]
    intents += [(t, "other") for t in _rows(CLEAN[2:3])]
    intents += [(t, "complaint") for t in _rows(TOXIC[4:5])]
    return toxicity, _write(root / "intent.csv", intents, "intent")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_base(tmp_path_factory.mktemp("base"))


def builder(base: tuple[Path, Path]) -> Any:
    """A quick `build` for `learn`: the base files plus the verdicts."""

    def build(out: Path, extra: Sequence[Path], meta: dict[str, Any]) -> TrainReport:
        return train(
            [base[0], *extra],
            out,
            intent_data=[base[1]],
            c_values=(4.0,),
            min_per_class=5,
            nb_alpha=None,
            name="test",
            extra_meta=meta,
        )

    return build


@pytest.fixture(scope="module")
def baseline(base: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("baseline") / "model"
    builder(base)(out, [], {})
    return out


HELD_OUT = [
    HeldOut(
        "held-out",
        [
            Verdict("магазин для тупых идиотов", True),
            Verdict("подскажите адрес склада на Абая", False),
        ],
    )
]


def teaching(count: int) -> list[Verdict]:
    """Moderators hiding the new insult and restoring ordinary comments, alternately."""
    verdicts = []
    for i in range(count):
        subject = SUBJECTS[i % len(SUBJECTS)] + str(i)
        verdicts.append(Verdict(NEW_INSULT.format(s=subject), True))
        verdicts.append(Verdict(f"когда будет {subject}", False))
    return verdicts


def test_the_most_recent_verdicts_are_held_out() -> None:
    verdicts = teaching(30)
    trained, recent = split_recent(verdicts)
    assert trained + recent == verdicts
    assert len(recent) == 12
    assert split_recent(verdicts[:10]) == (verdicts[:10], [])


def test_a_better_model_is_promoted_and_rolled_back(
    tmp_path: Path, base: tuple[Path, Path], baseline: Path, lexicon: Lexicon
) -> None:
    store = ModelStore(tmp_path / "store")
    build = builder(base)
    first = learn(store, teaching(30), HELD_OUT, build, NOW, baseline=baseline, lexicon=lexicon)
    assert first.promoted, first.format()
    recent = next(f for f in first.figures if f.name == "recent moderator verdicts")
    assert recent.candidate > recent.active
    assert store.state().active == first.version
    meta = store.metadata(str(first.version))
    assert meta["learned"] == {"from": "", "verdicts": 48, "recent_held_out": 12}
    assert meta["artifact_sha256"] and meta["toxicity"]["data_sha256"]

    second = learn(
        store,
        teaching(30),
        HELD_OUT,
        build,
        NOW + timedelta(days=7),
        baseline=baseline,
        lexicon=lexicon,
    )
    assert second.promoted
    assert store.state().active == second.version
    assert store.state().previous == (first.version,)
    assert store.notes(str(second.version))["compared_with"].startswith("test-")

    state = store.rollback()
    assert state.active == first.version and state.previous == ()
    assert store.load().version.endswith(str(first.version).rsplit("-", 1)[1])
    with pytest.raises(ModelError, match="no previous model"):
        store.rollback()


def test_a_worse_model_is_not_promoted(
    tmp_path: Path, base: tuple[Path, Path], baseline: Path, lexicon: Lexicon
) -> None:
    store = ModelStore(tmp_path / "store")
    # Moderators (wrongly) hiding an ordinary question: the candidate learns to hide it.
    wrong = [Verdict(f"подскажите адрес склада номер {i}", True) for i in range(60)]
    result = learn(store, wrong, HELD_OUT, builder(base), NOW, baseline=baseline, lexicon=lexicon)
    assert not result.promoted, result.format()
    assert result.refused
    assert store.state().active is None  # the bot keeps its model
    assert "not promoted: worse on" in result.format()


def test_a_tampered_version_is_refused(
    tmp_path: Path, base: tuple[Path, Path], baseline: Path, lexicon: Lexicon
) -> None:
    store = ModelStore(tmp_path / "store")
    build = builder(base)
    first = store.add(baseline, NOW)
    store.promote(first)
    out = tmp_path / "second"
    build(out, [], {"learned": {"from": "x"}})
    second = store.add(out, NOW + timedelta(hours=1))
    store.promote(second)
    artifact = store.root / "versions" / first / "model.npz"
    artifact.write_bytes(artifact.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError, match="does not match metadata"):
        store.rollback()
    assert store.state().active == second  # nothing switched to the damaged version


def test_a_version_name_outside_the_store_is_refused(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "store")
    store.root.mkdir()
    (store.root / "active.json").write_text(json.dumps({"active": "../../etc"}))
    with pytest.raises(ModelError, match="not a version name"):
        store.active_dir()


def test_a_model_of_another_scikit_learn_is_refused(tmp_path: Path, baseline: Path) -> None:
    store = ModelStore(tmp_path / "store")
    version = store.add(baseline, NOW)
    path = store.root / "versions" / version / "metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["sklearn_version"] = "0.1.0"
    path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match=r"scikit-learn 0\.1\.0"):
        store.promote(version)
    assert store.state().active is None
