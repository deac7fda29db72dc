"""Dialog and monitoring: threads to answer, daily aggregates, charts, digests, reports."""
