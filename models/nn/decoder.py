"""Old import path of the recurrent family's decoder: models/nn/rnn/decoder.py."""

from models.nn.interface import StepOutput
from models.nn.rnn.decoder import Decoder, DecoderState, EncoderState, Hidden, select_hidden

__all__ = ["Decoder", "DecoderState", "EncoderState", "Hidden", "StepOutput", "select_hidden"]
