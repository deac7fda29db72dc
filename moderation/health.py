"""The community health score: one number 0–100 a manager can show a client as a trend.

    score = 100 × Σ wᵢ·cᵢ / Σ wᵢ   over the components that have data on that day

| component      | cᵢ (each 0..1)                                             | weight |
|----------------|------------------------------------------------------------|--------|
| cleanliness    | 1 − min(1, toxic share / 0.25)                              | 0.40   |
| answered       | answered questions / questions                              | 0.30   |
| response speed | 1 at a median ≤ 15 working minutes, 0 at ≥ 4 h, linear      | 0.20   |
| accuracy       | 1 − restored / hidden (hides the moderators had to undo)    | 0.10   |

A component without data (no questions that day; nothing hidden) is left out and the other
weights are scaled up, so a quiet day is neither punished nor rewarded. A day without
comments has no score (None), not 100. See docs/health.md for the reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass

TOXIC_SHARE_AT_ZERO = 0.25  # a quarter of comments toxic: cleanliness bottoms out
FAST_ANSWER_SECONDS = 15 * 60.0
SLOW_ANSWER_SECONDS = 4 * 3600.0
WEIGHTS = {"cleanliness": 0.40, "answered": 0.30, "speed": 0.20, "accuracy": 0.10}


@dataclass(frozen=True, slots=True)
class HealthInputs:
    comments: int
    toxic: int
    questions: int
    answered: int
    median_answer_seconds: float | None
    hidden: int
    restored: int


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def components(inputs: HealthInputs) -> dict[str, float]:
    """Each component with data, 0..1 (1 is healthy)."""
    found: dict[str, float] = {}
    if inputs.comments > 0:
        share = inputs.toxic / inputs.comments
        found["cleanliness"] = 1.0 - _clamp(share / TOXIC_SHARE_AT_ZERO)
    if inputs.questions > 0:
        found["answered"] = _clamp(inputs.answered / inputs.questions)
    if inputs.median_answer_seconds is not None:
        span = SLOW_ANSWER_SECONDS - FAST_ANSWER_SECONDS
        found["speed"] = 1.0 - _clamp((inputs.median_answer_seconds - FAST_ANSWER_SECONDS) / span)
    if inputs.hidden > 0:
        found["accuracy"] = 1.0 - _clamp(inputs.restored / inputs.hidden)
    return found


def health_score(inputs: HealthInputs) -> float | None:
    """0–100, one decimal; None for a day without comments."""
    if inputs.comments <= 0:
        return None
    parts = components(inputs)
    weight = sum(WEIGHTS[name] for name in parts)
    value = sum(WEIGHTS[name] * part for name, part in parts.items()) / weight
    return round(100.0 * value, 1)
