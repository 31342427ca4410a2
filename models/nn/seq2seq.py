"""Old import path of the recurrent family's model: models/nn/rnn/model.py."""

from models.nn.interface import Seq2SeqOutput, StepOutput
from models.nn.rnn.decoder import DecoderState, EncoderState
from models.nn.rnn.model import Seq2Seq

__all__ = ["Seq2Seq", "Seq2SeqOutput", "EncoderState", "DecoderState", "StepOutput"]
