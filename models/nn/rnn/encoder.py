"""Recurrent encoder: embedding → RNN/GRU/LSTM (optionally bidirectional) over packed sequences."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from models.nn.dropout import Dropout
from models.nn.rnn.config import RNNConfig
from models.tokenizer import PAD_ID

RNN_CLASSES: dict[str, type[nn.RNNBase]] = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


class Encoder(nn.Module):
    def __init__(self, config: RNNConfig):
        super().__init__()
        self.config = config
        self.directions = 2 if config.bidirectional else 1
        self.embedding = nn.Embedding(config.src_vocab_size, config.embedding_size, padding_idx=PAD_ID)
        self.dropout = Dropout(config.dropout)
        self.rnn = RNN_CLASSES[config.cell](
            config.embedding_size,
            config.hidden_size,
            num_layers=config.layers,
            batch_first=True,
            bidirectional=config.bidirectional,
            dropout=config.dropout if config.layers > 1 else 0.0,
        )

    @property
    def output_size(self) -> int:
        return self.config.hidden_size * self.directions

    def forward(self, src: torch.Tensor, lengths: torch.Tensor):
        """src (batch, src_len) ids, lengths (batch,) on CPU.

        Returns outputs (batch, src_len, hidden * directions), zero at padded positions, and the
        final states per layer (layers, batch, hidden * directions): a tensor, or (h, c) for LSTM.
        Packing means padded positions never reach the RNN, so padding cannot change a result.
        """
        embedded = self.dropout(self.embedding(src))  # (B, S, E)
        packed = pack_padded_sequence(embedded, lengths.cpu(), batch_first=True, enforce_sorted=False)
        packed_out, final = self.rnn(packed)
        outputs, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=src.size(1))
        if isinstance(final, tuple):
            return outputs, (self.merge_directions(final[0]), self.merge_directions(final[1]))
        return outputs, self.merge_directions(final)

    def merge_directions(self, state: torch.Tensor) -> torch.Tensor:
        # (layers * dirs, B, H) -> (layers, B, dirs * H): forward and backward side by side
        layers, batch = self.config.layers, state.size(1)
        state = state.view(layers, self.directions, batch, -1)
        return torch.cat([state[:, d] for d in range(self.directions)], dim=-1)
