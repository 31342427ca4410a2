"""Old import path of the recurrent family's encoder: models/nn/rnn/encoder.py."""

from models.nn.rnn.encoder import RNN_CLASSES, Encoder

__all__ = ["RNN_CLASSES", "Encoder"]
