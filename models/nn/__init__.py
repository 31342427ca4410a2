"""Neural modules of the attention encoder–decoder."""

from models.nn.seq2seq import DecoderState, EncoderState, Seq2Seq, Seq2SeqOutput

__all__ = ["Seq2Seq", "Seq2SeqOutput", "EncoderState", "DecoderState"]
