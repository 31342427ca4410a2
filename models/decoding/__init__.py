"""Search for translations: greedy, beam search and sampling, each able to record a trace."""

from models.decoding.beam import beam_search
from models.decoding.stepwise import greedy_batch, stepwise_decode
from models.decoding.trace import BeamNode, DecodeResult, Hypothesis, StepTrace

__all__ = ["beam_search", "greedy_batch", "stepwise_decode", "BeamNode", "DecodeResult", "Hypothesis", "StepTrace"]
