"""Detection speed on comments the detector has not seen, against stock scikit-learn.

    .venv/bin/python bench/speed.py [--datasets DIR] [--warmup 20000] [--texts 3000]
                                    [--batch 256] [--warmup-set ru_paradetox]

1. Warm-up: the detector analyzes `--warmup` comments of one set (`--warmup-set`, all.csv),
   so its per-word caches are as warm as a running worker's.
2. Timed: comments of the other sets (2ch/pikabu, inappropriate, distorted toxicity,
   KazSAnDRA), shuffled, de-duplicated and minus every warm-up text, in two disjoint
   parts of `--texts` each: `analyze` one at a time reads part A, `analyze_many` in
   batches reads part B. No timed text was seen before it is timed.
3. Stock: a scikit-learn Pipeline (FeatureUnion of char_wb 1-5 and word 1-2 TF-IDF,
   LogisticRegression), fitted here on the warm-up set's train split, calls
   `predict_proba` on the same part A one comment at a time and on part B in batches.
4. A repeat pass of `analyze_many` over part B is printed last, labelled as such: it reads
   cached words only and is never the figure that counts.

One core (the process is pinned; BLAS one thread). Each figure is given by the wall clock
and by the CPU time of the timing thread: on a shared machine the wall clock also counts
the time other processes held the core, so compare variants by CPU time. Peak RSS is the
detector's: from its load (the peak of reading the datasets before it is reset, on Linux)
to the end of the timed passes, before the stock pipeline is fitted. The installed size
is the sum of the files recorded (RECORD) by this checkout's default dependencies,
resolved recursively in this environment.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NamedTuple  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.install_size import default_install_bytes  # noqa: E402
from classifiers import Detector  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
TIMED_SETS = ("ru_toxic_2ch_pikabu", "ru_inappropriate", "ru_distorted_toxicity", "kazsandra")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _unseen(datasets: Path, warmup_set: str, seen: set[str], count: int) -> list[str]:
    """Distinct texts of the other sets, shuffled, none of them in `seen`."""
    texts: dict[str, None] = {}
    for name in TIMED_SETS:
        if name != warmup_set:
            texts.update(dict.fromkeys(r["text"] for r in _read(datasets / name / "all.csv")))
    pool = [text for text in texts if text not in seen]
    random.Random(14).shuffle(pool)
    if len(pool) < count:
        raise SystemExit(f"only {len(pool)} unseen texts, {count} asked for")
    return pool[:count]


class Timed(NamedTuple):
    """Comments per second and per-call latency (p50, p99 in ms; none for batches), by
    the wall clock and by this thread's CPU time. On a shared machine the wall clock also
    counts the time other processes held the core; CPU time counts this work alone."""

    rate: float
    cpu_rate: float
    p50: float | None = None
    p99: float | None = None
    cpu_p50: float | None = None
    cpu_p99: float | None = None


def _percentiles(nanoseconds: list[int]) -> tuple[float, float]:
    ordered = sorted(nanoseconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return ordered[len(ordered) // 2] / 1e6, p99 / 1e6


def _one_at_a_time(call: Callable[[str], object], texts: Sequence[str]) -> Timed:
    """Calling one text at a time."""
    wall, cpu = [], []
    started, cpu_started = time.perf_counter(), time.thread_time()
    for text in texts:
        t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        call(text)
        wall.append(time.perf_counter_ns() - t0)
        cpu.append(time.thread_time_ns() - c0)
    total, cpu_total = time.perf_counter() - started, time.thread_time() - cpu_started
    return Timed(
        len(texts) / total, len(texts) / cpu_total, *_percentiles(wall), *_percentiles(cpu)
    )


def _batched(call: Callable[[list[str]], object], texts: Sequence[str], size: int) -> Timed:
    started, cpu_started = time.perf_counter(), time.thread_time()
    for start in range(0, len(texts), size):
        call(list(texts[start : start + size]))
    total, cpu_total = time.perf_counter() - started, time.thread_time() - cpu_started
    return Timed(len(texts) / total, len(texts) / cpu_total)


def _stock_pipeline(rows: list[dict[str, str]]) -> object:
    """Stock scikit-learn TF-IDF + LR on raw text, the same n-gram ranges as Kuzet's model."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True)),
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ]
    )
    pipeline = Pipeline([("features", features), ("lr", LogisticRegression(solver="liblinear"))])
    pipeline.fit([r["text"] for r in rows], np.array([r["label"] for r in rows]))
    return pipeline


def _reset_peak_rss() -> bool:
    """Start the peak resident set size over (Linux), so that the peak read after the timed
    passes is the detector's, not that of reading the datasets' CSV rows before it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_rss_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _row(name: str, timed: Timed) -> str:
    wall = f"{timed.rate:>11,.0f}{_ms(timed.p50):>8}{_ms(timed.p99):>8}"
    cpu = f"{timed.cpu_rate:>11,.0f}{_ms(timed.cpu_p50):>8}{_ms(timed.cpu_p99):>8}"
    return f"{name:<40}{wall}  |{cpu}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kuzet detection speed on unseen comments")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--warmup", type=int, default=20_000)
    parser.add_argument("--warmup-set", default="ru_paradetox")
    parser.add_argument("--texts", type=int, default=3000, help="per timed part")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--stock-rows", type=int, default=8000, help="stock fit rows")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    warm_rows = _read(args.datasets / args.warmup_set / "all.csv")
    warmup = list(dict.fromkeys(r["text"] for r in warm_rows))[: args.warmup]
    timed = _unseen(args.datasets, args.warmup_set, set(warmup), 2 * args.texts)
    part_a, part_b = timed[: args.texts], timed[args.texts :]
    del warm_rows
    gc.collect()
    peak_is_detectors = _reset_peak_rss()

    loaded = time.perf_counter()
    detector = Detector.load()
    load_s = time.perf_counter() - loaded
    gc.freeze()  # as `kuzet run` does once loaded
    started = time.perf_counter()
    for start in range(0, len(warmup), args.batch):
        detector.analyze_many(warmup[start : start + args.batch])
    warm_s = time.perf_counter() - started

    one = _one_at_a_time(detector.analyze, part_a)
    many = _batched(detector.analyze_many, part_b, args.batch)
    repeat = _batched(detector.analyze_many, part_b, args.batch)
    peak_mb = _peak_rss_mb()

    train = _read(args.datasets / args.warmup_set / "train.csv")
    random.Random(7).shuffle(train)
    stock = _stock_pipeline(train[: args.stock_rows])
    predict = stock.predict_proba  # type: ignore[attr-defined]
    stock_one = _one_at_a_time(lambda text: predict([text]), part_a)
    stock_many = _batched(predict, part_b, args.batch)

    size_mb = default_install_bytes(ROOT / "pyproject.toml") / 1e6
    mean_chars = sum(map(len, timed)) / len(timed)
    print(
        f"warm-up: {len(warmup):,} texts of {args.warmup_set} in {warm_s:.1f} s "
        f"(load {load_s:.1f} s); timed: 2 x {args.texts:,} unseen texts of "
        f"{', '.join(s for s in TIMED_SETS if s != args.warmup_set)} "
        f"(mean {mean_chars:.0f} chars); one core; model {detector.versions['model']}"
    )
    print(f"{'':<40}{'wall clock':^27}  |{'CPU time of this thread':^27}")
    print(f"{'what':<40}{('comments/s  p50 ms  p99 ms'):>27}  |{'comments/s  p50 ms  p99 ms':>27}")
    print(_row("kuzet analyze, one at a time (A)", one))
    print(_row(f"kuzet analyze_many, batches of {args.batch} (B)", many))
    print(_row("stock predict_proba, one (A)", stock_one))
    print(_row(f"stock predict_proba, batches of {args.batch} (B)", stock_many))
    for clock, ours_one, theirs_one, ours_many, theirs_many in (
        ("wall clock", one.rate, stock_one.rate, many.rate, stock_many.rate),
        ("CPU time", one.cpu_rate, stock_one.cpu_rate, many.cpu_rate, stock_many.cpu_rate),
    ):
        print(
            f"ratio ({clock}): analyze / stock one = {ours_one / theirs_one:.2f}x; "
            f"analyze_many / stock batched = {ours_many / theirs_many:.2f}x"
        )
    since = "its load" if peak_is_detectors else "the start, dataset reading included"
    print(f"peak RSS from {since} to the end of the timed passes: {peak_mb:.0f} MB")
    print(f"default install (this checkout's dependencies, RECORD sizes): {size_mb:.0f} MB")
    print(_row("repeat pass (cached), analyze_many (B)", repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
