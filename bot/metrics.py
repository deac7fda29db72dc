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

# Per community (dialog and monitoring). Community ids are few and chosen by the operator,
# so they are a safe label; counted by the instance that runs the monitoring chores, as the
# tracker reads each recorded decision once.
COMMUNITY_COMMENTS = Counter(
    "kuzet_community_comments_total", "Comments decided, by community", ["community", "platform"]
)
COMMUNITY_ACTIONS = Counter(
    "kuzet_community_actions_total",
    "Actions the policy took on comments, by community and kind",
    ["community", "kind"],
)
TIME_TO_ANSWER = Histogram(
    "kuzet_time_to_answer_seconds",
    "Working time from a question or complaint to its answer, by community",
    ["community"],
    buckets=(60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600),
)
