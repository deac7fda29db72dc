"""Detection speed on one core: analyze, analyze_many, each step alone, and stock scikit-learn.

    .venv/bin/python bench/speed.py [--datasets DIR] [--texts N] [--model DIR] [--no-freeze]

Texts come from ru_toxic_2ch_pikabu/test.csv (mean ~175 chars). Every figure is the
median of 3 runs; the process is pinned to one CPU and BLAS to one thread. Once the
detector is loaded the process calls `gc.freeze()`, as `kuzet run` does (`--no-freeze`:
not). `analyze_many`'s first pass over the texts is timed apart: it is when the compiled
front end learns their chunks. The reference
is a stock `Pipeline.predict_proba` (same features, fitted on the seed corpus) called one
comment at a time, as a naive bot would. The per-step lines time one comment at a time
through each stage of `analyze` on its own (normalize, language, lexicon, model), the model
line being the real `ModelBundle.score` (toxicity and intent) on normalized documents.

The stock reference doubles as a gauge of the machine: on a shared VM the same code has
measured 2-3x apart between sessions, and the ratios against stock moved far less than
the absolute figures.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import gc  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TypeVar  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifiers import Detector  # noqa: E402
from classifiers.language import detect_language  # noqa: E402
from classifiers.normalize import normalize  # noqa: E402

DEFAULT_DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
SEED = Path(__file__).resolve().parents[1] / "classifiers" / "data" / "seed" / "toxicity.csv"
RUNS = 3
T = TypeVar("T")


def _texts(datasets: Path, limit: int) -> list[str]:
    with (datasets / "ru_toxic_2ch_pikabu" / "test.csv").open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)][:limit]


def _single(call: Callable[[T], object], texts: Sequence[T]) -> tuple[float, float, float]:
    """(comments/s, p50 ms, p99 ms) calling one text at a time."""
    latencies = []
    started = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter_ns()
        call(text)
        latencies.append(time.perf_counter_ns() - t0)
    total = time.perf_counter() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2] / 1e6
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] / 1e6
    return len(texts) / total, p50, p99


def _batched(call: Callable[[list[T]], object], texts: Sequence[T], size: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), size):
        call(list(texts[start : start + size]))
    return len(texts) / (time.perf_counter() - started)


def _median(runs: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(statistics.median(column) for column in zip(*runs, strict=True))


def _sklearn_reference() -> Callable[[str], object]:
    from classifiers.model.features import FeatureSpec
    from classifiers.training.fit import FitSettings, fit_pipeline

    with SEED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pipeline = fit_pipeline(
        [normalize(r["text"]).text for r in rows],
        [r["label"] for r in rows],
        FitSettings(FeatureSpec()),
    )
    return lambda text: pipeline.predict_proba([normalize(text).text])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kuzet detection speed benchmark")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--model", type=Path, default=None, help="model directory")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave the loaded objects to the cyclic GC"
    )
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = _texts(args.datasets, args.texts)
    detector = Detector.load(model_dir=args.model)
    if not args.no_freeze:
        gc.freeze()  # as `kuzet run` does once loaded: the cyclic GC skips what is loaded
    detector.analyze_many(texts[:50])  # load morphology etc. before timing

    analyze = _median([_single(detector.analyze, texts) for _ in range(RUNS)])
    # `analyze` (one text) takes the reference path, so analyze_many's first pass is the
    # compiled front end's first sight of these texts: it learns every chunk. That pass
    # is timed and shown apart; the runs that count see them again, as a live bot does.
    first_pass = _batched(detector.analyze_many, texts, args.batch)
    many_runs = [_batched(detector.analyze_many, texts, args.batch) for _ in range(RUNS)]
    many = statistics.median(many_runs)
    docs = [normalize(text) for text in texts]
    langs = [detect_language(doc) for doc in docs]
    pairs = list(zip(docs, langs, strict=True))
    model, lexicon = detector.model, detector.lexicon
    steps = {
        "step: normalize": _median([_single(normalize, texts) for _ in range(RUNS)]),
        "step: language": _median([_single(detect_language, docs) for _ in range(RUNS)]),
        "step: lexicon find": _median(
            [_single(lambda p: lexicon.find(p[0], p[1]), pairs) for _ in range(RUNS)]
        ),
    }
    model_one = _median(
        [_single(lambda p: model.score([p[0]], [p[1]]), pairs) for _ in range(RUNS)]
    )
    steps["step: model score (ModelBundle.score, one)"] = model_one
    model_many = statistics.median(
        _batched(
            lambda batch: model.score([d for d, _ in batch], [g for _, g in batch]),
            pairs,
            args.batch,
        )
        for _ in range(RUNS)
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reference = _sklearn_reference()
    stock = _median([_single(reference, texts[:300]) for _ in range(RUNS)])

    mean_chars = sum(map(len, texts)) / len(texts)
    frozen = "not frozen" if args.no_freeze else "gc.freeze() after loading"
    print(
        f"{len(texts)} texts from ru_toxic_2ch_pikabu/test (mean {mean_chars:.0f} chars), "
        f"one core, median of {RUNS}, {frozen}; model {detector.versions['model']}"
    )
    print(f"{'what':<44}{'comments/s':>12}{'p50 ms':>9}{'p99 ms':>9}")
    print(
        f"{'analyze (one at a time)':<44}{analyze[0]:>12,.0f}{analyze[1]:>9.3f}{analyze[2]:>9.3f}"
    )
    # The runs themselves too: on a shared VM they can differ by a quarter.
    runs = " ".join(f"{rate:,.0f}" for rate in many_runs)
    print(f"{f'analyze_many (batches of {args.batch})':<44}{many:>12,.0f}   runs: {runs}")
    print(f"{'analyze_many, first pass (front end learning)':<44}{first_pass:>12,.0f}")
    for name, (rate, p50, p99) in steps.items():
        print(f"{name:<44}{rate:>12,.0f}{p50:>9.3f}{p99:>9.3f}")
    print(f"{f'model score, batches of {args.batch}':<44}{model_many:>12,.0f}")
    print(
        f"{'stock sklearn Pipeline.predict_proba, one':<44}{stock[0]:>12,.0f}"
        f"{stock[1]:>9.3f}{stock[2]:>9.3f}"
    )
    print(
        f"ratio: analyze / stock = {analyze[0] / stock[0]:.1f}x, "
        f"analyze_many / stock = {many / stock[0]:.1f}x, "
        f"model one / stock = {model_one[0] / stock[0]:.1f}x"
    )
    print(f"peak RSS with everything loaded (before the sklearn reference): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
