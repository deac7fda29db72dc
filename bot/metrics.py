"""Prometheus metrics of the whole process, defined once so every module shares them.

Served at `/metrics` by the HTTP app. Labels stay low-cardinality (platform, verdict,
action kind, outcome) — never user ids or chat ids.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

COMMENTS_RECEIVED = Counter(
    "kuzet_comments_received_total", "Comments stored in the inbox", ["platform"]
)
DUPLICATES_IGNORED = Counter(
    "kuzet_duplicate_deliveries_total", "Re-delivered events already in the inbox", ["platform"]
)
DECISIONS = Counter("kuzet_decisions_total", "Decisions taken", ["verdict"])
ACTIONS = Counter("kuzet_actions_total", "Platform actions by outcome", ["kind", "outcome"])
API_RETRIES = Counter(
    "kuzet_api_retries_total",
    "Platform API calls retried, by platform and reason",
    ["platform", "reason"],
)
REJECTED_REQUESTS = Counter(
    "kuzet_rejected_requests_total",
    "Webhook/callback/callback-button requests refused",
    ["source", "reason"],
)
PROCESSING_SECONDS = Histogram(
    "kuzet_comment_processing_seconds",
    "Inbox row to recorded decision",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5),
)
WORKER_DATABASE_FAULTS = Counter(
    "kuzet_worker_database_faults_total",
    "Database errors the worker backed off from and carried on after, by error class",
    ["error"],
)
