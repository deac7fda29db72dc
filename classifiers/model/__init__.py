"""Scikit-learn-trained linear models for toxicity and intent, scored without scikit-learn.

Public: `ModelBundle` (load + score), `LinearTextModel`, `FeatureSpec`, `FEATURE_VERSION`,
`DEFAULT_MODEL_DIR`.
"""

from classifiers.model.bundle import DEFAULT_MODEL_DIR, ModelBundle
from classifiers.model.features import FEATURE_VERSION, FeatureSpec
from classifiers.model.linear import LinearTextModel

__all__ = ["DEFAULT_MODEL_DIR", "FEATURE_VERSION", "FeatureSpec", "LinearTextModel", "ModelBundle"]
