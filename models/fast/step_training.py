"""Teacher forcing for the input-feeding decoder while training, faster than its canonical step
loop (Decoder.forward_steps), with the same results and gradients (tests compare them):

- the embeddings, their dropout and their share of the first input projection are computed for
  all steps at once; each step adds the share of its fed-back inputs;
- every linear layer of the loop goes through `StepLinears`, which computes each weight's
  gradient once for all steps (deferred_grad.py);
- the RNN cell is written out (cell_step.py) so that its projections can go through it too.

`training_forward(model, ...)` is the one place the trainer's forward pass picks its path: this
one for a registered decoder class in full precision under teacher forcing, else the model's own;
either way the model's dropout modules draw their masks from numpy (dropout_masks.py).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from models.fast.cell_step import rnn_step
from models.fast.deferred_grad import StepLinears
from models.fast.dropout_masks import use_fast_masks
from models.fast.registry import Registry
from models.nn.interface import Model, Seq2SeqOutput
from models.nn.rnn.decoder import Decoder, DecoderState, EncoderState

STEP_TRAINING = Registry("step-wise training loop")


@STEP_TRAINING.register(Decoder)
def input_feeding_steps(decoder: Decoder, tgt_in: torch.Tensor, enc: EncoderState, state: DecoderState):
    """As Decoder.forward_steps: tgt_in (B, T) -> attentional vectors (B, T, H), attention (B, T, S) or None."""
    linears = StepLinears()
    rnn, size = decoder.rnn, decoder.embedding.embedding_dim
    # The embeddings' share of the first input projection, for all steps in one product; each
    # step adds the share of its fed-back inputs. unbind, not indexing: its backward stacks
    # the steps' gradients in one go, where each index's backward would zero-fill the whole
    # (B, T, gates*H) tensor.
    embedded = decoder.dropout(decoder.embedding(tgt_in))  # (B, T, E)
    projected = F.linear(embedded, rnn.weight_ih_l0[:, :size], rnn.bias_ih_l0)  # (B, T, gates*H)
    fed_back_weight = rnn.weight_ih_l0[:, size:]  # (gates*H, H [+ He]), one slice for all steps
    att_vecs, steps_attention = [], []
    for embedded_projection in projected.unbind(1):  # T × (B, gates*H)
        fed_back = [state.att_vec] + ([enc.fixed_context] if decoder.fixed_context else [])
        fed_back = torch.cat(fed_back, dim=-1) if len(fed_back) > 1 else fed_back[0]  # (B, H [+ He])
        first = embedded_projection + linears(fed_back, fed_back_weight, None)  # (B, gates*H)
        top, hidden = rnn_step(rnn, decoder.config.cell, None, state.hidden, linears, first)  # (B, H)
        att_vec, weights = _attend(decoder, top.unsqueeze(1), enc, linears)  # (B, 1, H), (B, 1, S)
        state = DecoderState(hidden, att_vec.squeeze(1))
        att_vecs.append(state.att_vec)
        steps_attention.append(None if weights is None else weights.squeeze(1))
    attention = None if decoder.attention is None else torch.stack(steps_attention, 1)
    return torch.stack(att_vecs, 1), attention


def _attend(decoder: Decoder, rnn_out: torch.Tensor, enc: EncoderState, linears: StepLinears):
    """Decoder._attend with the combining layer through `linears`."""
    if decoder.attention is not None:
        context, weights = decoder.attention(rnn_out, enc.keys, enc.outputs, enc.mask)
    else:
        context = enc.fixed_context.unsqueeze(1).expand(-1, rnn_out.size(1), -1)  # (B, T, He)
        weights = None
    combined = torch.cat([rnn_out, context], dim=-1)  # (B, T, H + He)
    return torch.tanh(linears(combined, decoder.combine.weight, decoder.combine.bias)), weights


def training_forward(model: Model, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor,
                     teacher_forcing: float = 1.0, generator: torch.Generator | None = None,
                     project: bool = True) -> Seq2SeqOutput:  # fmt: skip
    """The model's forward for training, on the step-wise path where it applies, with fast dropout masks."""
    use_fast_masks(model)
    # The registry is keyed by the decoder's exact class: only a decoder with a step loop (the
    # recurrent family's) has one; any other model, or none, runs its own forward.
    decoder = getattr(model, "decoder", None)
    steps = STEP_TRAINING.builder(decoder) if decoder is not None else None
    if (steps is None or not model.training or teacher_forcing < 1.0 or not decoder.input_feeding
            or torch.is_autocast_enabled(tgt_in.device.type)):  # fmt: skip
        return model(src, src_lengths, tgt_in, teacher_forcing, generator, project)
    enc, state = model.encode(src, src_lengths)
    att_vec, attention = steps(decoder, tgt_in, enc, state)
    logits = decoder.project(att_vec) if project else None  # (B, T, V)
    return Seq2SeqOutput(logits, attention, att_vec, enc.outputs, att_vec)
