"""Analyses of a trained model, Qt-free: each a function with a typed request and result, with
progress and a cooperative cancel (models/inspection/base.py), which the app can run in a worker.

    attribution     which source and prefix words each output step's piece came from
                    (saliency, input × gradient, integrated gradients, occlusion, attention,
                    rollout, norm-based contributions)
    scoreboard      every signal scored against gold word alignments (AER, precision, recall)
    faithfulness    does removing a signal's top-ranked words lower the chosen pieces' log P?
"""

from models.inspection.attribution import METHODS, Method, attribute, methods_for, parse_signals
from models.inspection.base import AnalysisCancelled, AttributionRequest, AttributionResult, Sentence, prepare

__all__ = ["METHODS", "AnalysisCancelled", "AttributionRequest", "AttributionResult", "Method", "Sentence",
           "attribute", "methods_for", "parse_signals", "prepare"]  # fmt: skip
