"""Training the toxicity and intent models from CSV files into a verified model directory.

Public: `train(data, out, ...) -> TrainReport`. Imports scikit-learn (the detector at run
time does not).
"""

from classifiers.training.report import TrainReport
from classifiers.training.trainer import train

__all__ = ["TrainReport", "train"]
