"""The durable pipeline: inbox → analyze → decide → record → act, as a worker loop."""
