"""`kuzet check`, `kuzet scan`, `kuzet train`, `kuzet eval`: the detection library's CLI."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.cli.problems import UserFacingError
from bot.cli.table_io import read_rows, write_jsonl

SCAN_BATCH = 512


def register(sub: Any) -> None:
    check = sub.add_parser(
        "check", help="analyze one text and print what the default policy would do"
    )
    check.add_argument("text", help="the comment to analyze")
    check.add_argument("--json", action="store_true", help="print the Analysis as JSON")
    _model_option(check)
    check.set_defaults(handler=run_check)

    scan = sub.add_parser("scan", help="analyze every row of a CSV/JSONL file")
    scan.add_argument("file", type=Path, help="CSV with a 'text' column or JSONL with 'text'")
    scan.add_argument("--out", type=Path, help="write JSONL here (default: standard output)")
    _model_option(scan)
    scan.set_defaults(handler=run_scan)

    train = sub.add_parser("train", help="train a toxicity model from labeled CSVs")
    train.add_argument(
        "--data",
        type=Path,
        action="append",
        required=True,
        help="CSV with text,label[,lang]; repeat for several files",
    )
    train.add_argument("--out", type=Path, required=True, help="directory for the artifact")
    train.add_argument(
        "--plain",
        action="store_true",
        help="plain TF-IDF + logistic regression (default: blended with an "
        "NB-scaled model, usually 1-2 F1 points better)",
    )
    train.set_defaults(handler=run_train)

    evaluate = sub.add_parser("eval", help="precision/recall/F1 of the verdict on labeled data")
    evaluate.add_argument("--data", type=Path, required=True, help="CSV with text,label[,lang]")
    _model_option(evaluate)
    evaluate.set_defaults(handler=run_eval)


def _model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", type=Path, default=None, help="model directory (default: the bundled model)"
    )


def _detector(model_dir: Path | None) -> Any:
    from classifiers import ClassifierError, Detector

    try:
        return Detector.load(model_dir=model_dir)
    except ClassifierError as exc:
        raise UserFacingError(str(exc)) from exc


def run_check(args: argparse.Namespace) -> int:
    detector = _detector(args.model)
    analysis = detector.analyze(args.text)
    decision, settings = default_decision(args.text, analysis)
    threshold = detector.model.toxicity_threshold
    if args.json:
        data = analysis.to_json()
        data["decision"] = {
            "verdict": str(decision.verdict),
            "reasons": [str(reason) for reason in decision.reasons],
            "thresholds": {
                "hide": settings.hide_threshold,
                "review": settings.review_threshold,
                "model": round(threshold, 4),
            },
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    toxic = "toxic" if analysis.toxic else "not toxic"
    print(
        f"{str(decision.verdict).upper()}  {toxic}  score={analysis.score:.2f}  "
        f"lang={analysis.lang}  intent={analysis.intent}"
    )
    print(
        f"  policy: default (hide when toxic and score ≥ {settings.hide_threshold:.2f}, "
        f"review when toxic or score ≥ {settings.review_threshold:.2f}; model toxic at "
        f"≥ {threshold:.2f}); a first offence, daytime, no strikes yet"
    )
    for match in analysis.matches:
        used = " (mentioned, not used)" if match.mentioned else ""
        print(
            f"  match: {match.term!r} → {match.root} ({match.category}, severity "
            f"{match.severity}) at {match.start}:{match.end}{used}"
        )
    for reason in analysis.reasons:
        print(f"  why: {reason}")
    for error in analysis.errors:
        print(f"  error: {error}")
    return 0


def default_decision(text: str, analysis: Any) -> tuple[Any, Any]:
    """What the default policy (`moderation.policy.decide`, default community settings)
    decides for `text` from a new author with no history, now, in daytime."""
    from moderation import Author, Comment, CommunitySettings, Platform
    from moderation.policy import AuthorHistory, decide

    settings = CommunitySettings(community_id="check")
    comment = Comment(
        platform=Platform.TELEGRAM,
        community_id="check",
        chat_id="check",
        comment_id="1",
        author=Author(id="check"),
        text=text,
        created_at=datetime.now(UTC),
    )
    decision = decide(comment, analysis, settings, AuthorHistory(), datetime.now(UTC))
    return decision, settings


def run_scan(args: argparse.Namespace) -> int:
    detector = _detector(args.model)
    summary: Counter[tuple[str, str]] = Counter()
    categories: Counter[str] = Counter()
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    try:
        batch: list[dict[str, Any]] = []
        for row in read_rows(args.file):
            batch.append(row)
            if len(batch) >= SCAN_BATCH:
                _scan_batch(detector, batch, out, summary, categories)
                batch = []
        _scan_batch(detector, batch, out, summary, categories)
    finally:
        if args.out:
            out.close()
    report = sys.stdout if args.out else sys.stderr
    print(format_summary(summary, categories), file=report)
    return 0


def _scan_batch(
    detector: Any,
    rows: list[dict[str, Any]],
    out: Any,
    summary: Counter[tuple[str, str]],
    categories: Counter[str],
) -> None:
    if not rows:
        return
    analyses = detector.analyze_many([str(row.get("text") or "") for row in rows])
    merged = []
    for row, analysis in zip(rows, analyses, strict=True):
        data = analysis.to_json()
        summary[(str(analysis.lang), "toxic" if analysis.toxic else "clean")] += 1
        categories.update({str(m.category) for m in analysis.matches})
        merged.append({**row, **data})
    write_jsonl(merged, out)


def format_summary(summary: Counter[tuple[str, str]], categories: Counter[str]) -> str:
    langs = sorted({lang for lang, _ in summary})
    lines = [f"{'lang':<8}{'rows':>8}{'toxic':>8}{'clean':>8}{'toxic %':>9}"]
    for lang in [*langs, "all"]:
        toxic = sum(n for (lg, v), n in summary.items() if v == "toxic" and lang in (lg, "all"))
        clean = sum(n for (lg, v), n in summary.items() if v == "clean" and lang in (lg, "all"))
        rows = toxic + clean
        share = 100.0 * toxic / rows if rows else 0.0
        lines.append(f"{lang:<8}{rows:>8}{toxic:>8}{clean:>8}{share:>8.1f}%")
    if categories:
        lines.append("categories: " + ", ".join(f"{c} {n}" for c, n in categories.most_common()))
    return "\n".join(lines)


def run_train(args: argparse.Namespace) -> int:
    from classifiers import ClassifierError

    try:
        from classifiers.training import train
    except ModuleNotFoundError as exc:  # scikit-learn and scipy come with the extra
        raise UserFacingError(f"training needs {exc.name}: pip install 'kuzet[train]'") from exc

    for path in args.data:
        if not path.is_file():
            raise UserFacingError(f"{path}: no such file")
    try:
        report = train(args.data, args.out, nb_alpha=None if args.plain else 1.0)
    except (ClassifierError, ValueError) as exc:
        raise UserFacingError(str(exc)) from exc
    print(report.format())
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from classifiers import ClassifierError
    from classifiers.evaluation import evaluate

    if not args.data.is_file():
        raise UserFacingError(f"{args.data}: no such file")
    detector = _detector(args.model)
    try:
        report = evaluate(args.data, detector)
    except (ClassifierError, ValueError) as exc:
        raise UserFacingError(str(exc)) from exc
    print(report.format())
    return 0
