"""Pipeline throughput: comments/s through inbox → analyze → decide → record → act, on the
embedded SQLite file and on PostgreSQL (a fresh database created and dropped here).

    .venv/bin/python bench/pipeline.py [--count 5000] [--batch 1000] [--stand-in]
                                       [--backends sqlite,postgresql]
                                       [--claim-ahead auto|on|off]

Per backend it stores the comments in the inbox (batched, as adapters do), then drains the
inbox with one `Worker` (`--lanes N`: N workers in this process), as `Worker.run` does
(`--claim-ahead on`: the next batch claimed and analyzed while the current one is handled;
`auto`, the worker's default, does so on PostgreSQL only).
Latency per comment is the claim → done time of the batch it rode in (what a comment waits
once a worker takes it, including the wait of a batch claimed ahead). CPU ms/comment is
this process's CPU time while draining, which the machine's load changes far less than the
wall-clock rate. The detector is `classifiers.analyze_many` when it loads; otherwise a
trivial stand-in, and the output says so. Platform and moderators' chat are no-op fakes:
this measures our pipeline, not Telegram.

Every comment has its own text, so the detector's cost is not understated by repeats
(texts are analyzed once per batch): Russian forum comments (`ru_toxic_2ch_pikabu`, about a
third abusive) alternating with Kazakh reviews (`kazsandra`) from `../shared/datasets/`
when present; otherwise the bundled `bot/samples/comments.csv`, each made distinct with a
name and a number. Each backend gets texts of its own, and the detector first analyzes
2,000 other texts, so its word caches are as warm as a running worker's but no timed text
was seen before. The stand-in detector calls a tenth of the texts abusive (by their hash).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.pipeline.analysis import BatchAnalyzer
from bot.pipeline.heap import settle_heap
from bot.pipeline.worker import BatchOutcome, Worker
from bot.storage import Database, migrate
from bot.storage.repositories import InboxRepository, SqlCommunityRepository
from classifiers.vocabulary import Analysis, Intent, Lang
from moderation.comment import Author, Comment, Platform, UserRef
from moderation.settings import CommunitySettings

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
DATASET_FILES = (  # (Russian, Kazakh): each set's test split, then its train split
    (DATASETS / "ru_toxic_2ch_pikabu" / "test.csv", DATASETS / "ru_toxic_2ch_pikabu" / "train.csv"),
    (DATASETS / "kazsandra" / "test.csv", DATASETS / "kazsandra" / "train.csv"),
)
WARM_UP = 2000  # texts the detector sees before measuring, none of them measured
SAMPLES = ROOT / "bot" / "samples" / "comments.csv"
NAMES = ["Айгерим", "Серик", "Дана", "Ерлан", "Марина", "Асель", "Олег", "Нурлан", "Жанар"]
MAX_TEXT = 1000  # characters: a long forum post is cut where a comment would be


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class NullGateway:
    async def hide(self, comment: Comment, *, reposted: bool = True) -> None: ...
    async def restore(self, comment: Comment) -> str | None:
        return None

    async def ban(self, user: UserRef, until: datetime | None) -> None: ...
    async def unban(self, user: UserRef) -> None: ...
    async def mute(self, user: UserRef, until: datetime) -> None: ...
    async def reply(self, comment: Comment, text: str) -> str:
        return "1"


class NullNotifier:
    def __init__(self) -> None:
        self._ids = itertools.count(1)  # message ids are unique per chat, as Telegram's

    async def post_card(self, card: object) -> str:
        return str(next(self._ids))

    async def edit_card(self, card: object) -> None: ...
    async def send_digest(self, digest: object) -> None: ...


def _abusive(text: str) -> bool:
    return zlib.crc32(text.encode()) % 10 == 0


def stand_in(texts: Sequence[str], overlay: object) -> list[Analysis]:
    return [
        Analysis(
            lang=Lang.RU,
            normalized=t,
            matches=(),
            scores={},
            toxic=_abusive(t),
            score=0.99 if _abusive(t) else 0.02,
            intent=Intent.OTHER,
            versions={"model": "stand-in", "lexicon": "stand-in"},
        )
        for t in texts
    ]


def pick_analyzer() -> tuple[BatchAnalyzer, str]:
    try:
        from classifiers import analyze_many

        analyze_many(["проверка", "тексеру"])
    except Exception as exc:  # the real detector is not ready in this checkout
        return stand_in, f"trivial stand-in (classifiers.analyze_many unavailable: {exc!r})"
    return (lambda texts, overlay: analyze_many(texts, overlay)), "classifiers.analyze_many"


def _column(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as file:
        return [row["text"][:MAX_TEXT] for row in csv.DictReader(file) if row.get("text")]


def load_texts(count: int, rng: random.Random) -> tuple[list[str], str]:
    """`count` distinct realistic texts and where they came from."""
    if all(path.is_file() for paths in DATASET_FILES for path in paths):
        pools = []
        for paths in DATASET_FILES:
            pool = [text for path in paths for text in _column(path)]
            rng.shuffle(pool)
            pools.append(pool)
        mixed = [text for pair in zip(*pools, strict=False) for text in pair]
        source = "ru_toxic_2ch_pikabu + kazsandra"
    else:
        mixed = _column(SAMPLES)
        rng.shuffle(mixed)
        source = "bot/samples/comments.csv with names and numbers"
    texts = list(dict.fromkeys(mixed))[:count]
    n = 0
    while len(texts) < count:  # more comments than texts: vary them, as people do
        base = mixed[n % len(mixed)]
        texts.append(f"{NAMES[n % len(NAMES)]}, {base} ({n // len(mixed) + 1})")
        n += 1
    return texts, source


def make_comments(texts: Sequence[str], seed: int = 7) -> list[Comment]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    count = len(texts)
    return [
        Comment(
            platform=Platform.TELEGRAM,
            community_id="bench",
            chat_id="-100500",
            post_id="1",
            comment_id=str(n),
            author=Author(f"u{rng.randrange(count)}", "Bench User"),
            text=text,
            created_at=now - timedelta(seconds=count - n),
        )
        for n, text in enumerate(texts)
    ]


@dataclass
class Result:
    backend: str
    stored_per_s: float
    handled_per_s: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # this process's CPU time per comment while draining (load-independent-ish)


async def run(
    url: str,
    backend: str,
    comments: list[Comment],
    batch: int,
    analyzer: BatchAnalyzer,
    lanes: int,
    claim_ahead: bool | None = None,
) -> Result:
    await migrate.upgrade(url)
    db = Database(url)
    try:
        await SqlCommunityRepository(db).save(
            CommunitySettings(community_id="bench", moderators_chat_id="-100999")
        )
        inbox = InboxRepository(db)
        t0 = time.perf_counter()
        for start in range(0, len(comments), batch):
            await inbox.store_many(
                [(c, {"n": c.comment_id}) for c in comments[start : start + batch]]
            )
        stored = time.perf_counter() - t0
        latencies: list[float] = []

        def on_batch(outcome: BatchOutcome) -> None:
            latencies.extend([outcome.seconds] * outcome.claimed)

        notifier = NullNotifier()  # one for every lane: message ids stay unique
        workers = [
            Worker(
                db,
                NullGateway(),
                notifier,
                Clock(),
                analyzer=analyzer,
                worker_id=f"bench-{n}",
                batch_size=batch,
                on_batch=on_batch,
                claim_ahead=claim_ahead,
            )
            for n in range(lanes)
        ]
        for worker in workers:
            await worker.recover()
        settle_heap()  # what `Worker.run` does first
        t0, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker.drain() for worker in workers))
        handled, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        counts = await inbox.counts()
        assert counts.done == len(comments), counts
    finally:
        await db.dispose()
    cuts = statistics.quantiles(latencies, n=100)
    return Result(
        backend,
        len(comments) / stored,
        len(comments) / handled,
        cuts[49] * 1000,
        cuts[98] * 1000,
        cpu * 1000 / len(comments),
    )


async def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--lanes", type=int, default=1, help="workers draining at once")
    parser.add_argument(
        "--detector-processes",
        type=int,
        default=0,
        help="analyze in N child processes ([detection] processes), 0: in this process",
    )
    parser.add_argument(
        "--warm-up",
        type=int,
        default=WARM_UP,
        help="distinct texts the detector sees before the timed ones (its word caches: a "
        "long-running worker has seen far more than the default)",
    )
    parser.add_argument(
        "--claim-ahead",
        choices=("auto", "on", "off"),
        default="auto",
        help="claim/analyze the next batch meanwhile (auto: the worker's default, PostgreSQL)",
    )
    parser.add_argument("--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432/")
    parser.add_argument(
        "--stand-in", action="store_true", help="trivial detector: measure the pipeline alone"
    )
    args = parser.parse_args(argv)
    claim_ahead = {"auto": None, "on": True, "off": False}[args.claim_ahead]
    pool = None
    if args.stand_in:
        analyzer, name = stand_in, "trivial stand-in (--stand-in)"
    elif args.detector_processes:
        from bot.pipeline.process_analyzer import ProcessBatchAnalyzer

        pool = ProcessBatchAnalyzer(args.detector_processes)
        analyzer, name = pool, f"analyze_many in {args.detector_processes} child process(es)"
    else:
        analyzer, name = pick_analyzer()
    backends = args.backends.split(",")
    # Each backend gets texts of its own, and the detector has seen others before: its
    # word caches are warm with common words, as in a long-running worker, but no text
    # it is timed on was analyzed before.
    warm = args.warm_up
    texts, source = load_texts(warm + args.count * len(backends), random.Random(7))
    for start in range(0, warm, args.batch):
        analyzer(texts[start : min(start + args.batch, warm)], None)
    print(
        f"{args.count} distinct comments per backend ({source}), batch {args.batch}, "
        f"lanes {args.lanes}, claim ahead: {args.claim_ahead}, detector: {name}, "
        f"warm-up {warm} texts"
    )
    results = []
    for n, backend in enumerate(backends):
        comments = make_comments(texts[warm + n * args.count :][: args.count])
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
                results.append(
                    await run(url, backend, comments, args.batch, analyzer, args.lanes, claim_ahead)
                )
        else:
            import asyncpg

            name_db = f"kuzet_bench_{uuid.uuid4().hex[:8]}"
            admin = await asyncpg.connect(args.pg.replace("+asyncpg", "") + "postgres")
            await admin.execute(f'CREATE DATABASE "{name_db}"')
            try:
                results.append(
                    await run(
                        args.pg + name_db,
                        backend,
                        comments,
                        args.batch,
                        analyzer,
                        args.lanes,
                        claim_ahead,
                    )
                )
            finally:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name_db}" WITH (FORCE)')
                await admin.close()
    print(
        f"{'backend':<11}{'inbox store/s':>15}{'handled/s':>12}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'CPU ms/comment':>16}"
    )
    for r in results:
        print(
            f"{r.backend:<11}{r.stored_per_s:>15.0f}{r.handled_per_s:>12.0f}"
            f"{r.p50_ms:>9.0f}{r.p99_ms:>9.0f}{r.cpu_ms:>16.2f}"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if pool is not None:
        pool.close()


if __name__ == "__main__":
    asyncio.run(main())
