"""The recurrent family: an RNN/GRU/LSTM encoder, a bridge, and a decoder with attention.

config.py (RNNConfig, torch-free), encoder.py, decoder.py, model.py (Seq2Seq, the family's
implementation of models/nn/interface.Model), inspect.py (its hooks for the inspection views).
"""


def model_class():
    """Seq2Seq, imported at first use (a configuration is read without torch)."""
    from models.nn.rnn.model import Seq2Seq

    return Seq2Seq
