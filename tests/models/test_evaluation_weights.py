"""A training run's evaluations score the weights it has at that moment, on whatever path decoding
and training take. The cases are generated from the fast-path registries, like the equivalence
tests: every model class with a fast runner, every attention with numpy scores, every decoder
style (the input-feeding decoder trains on the step-wise path, which skips the model's `forward`).

Each run evaluates twice; the second evaluation must equal what a fresh `Translator` on the saved
and reloaded weights gives: its hypotheses (through the samples and scores), its probe's pieces
and attention."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoint import load_checkpoint
from models.config import DECODER_STYLES, DecodeConfig, TokenizerConfig, TrainConfig
from models.fast.inference import FAST_MODELS
from models.fast.numpy_rnn import ATTENTION_SCORES
from models.fast.step_training import STEP_TRAINING
from models.metrics import bleu_tokenizer, score_translations
from models.nn import Seq2Seq
from models.nn.attention import ATTENTION_CLASSES
from models.nn.family import model_config
from models.nn.transformer_seq2seq import TransformerSeq2Seq
from models.training import Evaluation, Trainer
from models.translator import Translator
from tests.conftest import TINY_TRANSFORMER, toy_corpus

ATTENTION_NAME = {cls: name for name, cls in ATTENTION_CLASSES.items()}
FAMILY_OF = {Seq2Seq: "rnn", TransformerSeq2Seq: "transformer"}


def model_kinds() -> list[dict]:
    """One configuration per registered fast runner, attention with numpy scores and decoder style."""
    kinds = []
    for model_class in FAST_MODELS.classes():
        if model_class is Seq2Seq:
            attentions = [ATTENTION_NAME[cls] for cls in ATTENTION_SCORES.classes()] + ["none"]
            kinds += [
                dict(family="rnn", attention=attention, decoder_style=style, embedding_size=16, hidden_size=24)
                for attention in attentions
                for style in DECODER_STYLES
            ]
        else:
            kinds.append({**TINY_TRANSFORMER, "family": FAMILY_OF[model_class]})
    return kinds


def kind_id(kind: dict) -> str:
    return "-".join(str(kind.get(key, "")) for key in ("family", "attention", "decoder_style")).strip("-")


def test_the_cases_cover_every_registered_runner_and_the_step_wise_path():
    families = {kind["family"] for kind in model_kinds()}
    assert families == {FAMILY_OF[cls] for cls in FAST_MODELS.classes()}
    assert STEP_TRAINING.classes(), "the step-wise training path is registered and so covered"
    assert "input_feeding" in DECODER_STYLES


@pytest.mark.parametrize("kind", model_kinds(), ids=kind_id)
def test_the_second_evaluation_scores_the_weights_saved_with_it(tmp_path, kind):
    evaluations: list[Evaluation] = []
    train = TrainConfig(batch_size=5, max_minutes=None, max_steps=24, eval_every=12, learning_rate=1e-2,
                        lr_schedule="constant", seed=5, eval_sentences=50, snapshots=0)  # fmt: skip
    if kind["family"] == "rnn" and kind["decoder_style"] == "input_feeding":
        train.teacher_forcing = 1.0  # the step-wise path: the model's forward never runs while training
    tokens = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    model = model_config(**{"dropout": 0.0, **kind})
    callback = lambda event: evaluations.append(event) if isinstance(event, Evaluation) else None  # noqa: E731
    result = Trainer(tmp_path, toy_corpus(), model, tokens, train, callback).run()
    assert [e.step for e in evaluations] == [12, 24], "two evaluations, the second at the last step"
    second = evaluations[-1]

    bundle = load_checkpoint(result.last_path)  # the weights as the second evaluation saved them
    assert bundle.history["evaluations"][-1]["step"] == 24
    fresh = Translator(bundle)
    sources = [s for s, _ in toy_corpus().dev]
    references = [t for _, t in toy_corpus().dev]
    hypotheses = fresh.translate_batch(sources, DecodeConfig(), batch_size=64)
    scores = score_translations(hypotheses, references, tokenize=bleu_tokenizer(references))
    assert [h for _, _, h in second.samples] == hypotheses[:3]
    assert second.bleu == pytest.approx(scores["bleu"]) and second.chrf == pytest.approx(scores["chrf"])
    assert second.exact_match == pytest.approx(scores["exact_match"])

    probe = fresh.translate(sources[0])
    assert second.probe.source_pieces == probe.source_pieces
    assert second.probe.target_pieces == probe.best.pieces
    if probe.best.attention is None:
        assert second.probe.weights is None
    else:
        np.testing.assert_allclose(second.probe.weights, probe.best.attention, atol=1e-5)


def test_a_runner_follows_weights_loaded_into_the_model():
    """load_state_dict after a translation: the next translation uses the loaded weights."""
    from models.fast import inference

    torch.manual_seed(0)
    config = model_config(embedding_size=16, hidden_size=24, dropout=0.0, src_vocab_size=40, tgt_vocab_size=30)
    model, other = Seq2Seq(config).eval(), Seq2Seq(config).eval()
    src, lengths, tokens = torch.randint(4, 40, (1, 5)), torch.tensor([5]), torch.tensor([2])
    runner = inference(model)
    with torch.no_grad():
        runner.decode_step(tokens, *runner.encode(src, lengths))
        model.load_state_dict(other.state_dict())
        after = runner.decode_step(tokens, *runner.encode(src, lengths)).logits
        expected = other.decode_step(tokens, *other.encode(src, lengths)).logits
    assert torch.allclose(after, expected, atol=1e-5)


def test_a_resumed_run_evaluates_the_weights_it_resumed_and_trained(tmp_path):
    """A resume loads the weights into a new model; its evaluations follow the optimizer from there."""
    evaluations: list[Evaluation] = []

    def run(steps: int, resume: bool):
        train = TrainConfig(batch_size=5, max_minutes=None, max_steps=steps, eval_every=12, learning_rate=1e-2,
                            lr_schedule="constant", seed=5, eval_sentences=50, snapshots=0)  # fmt: skip
        model = model_config(dropout=0.0, decoder_style="input_feeding", embedding_size=16, hidden_size=24)
        tokens = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
        collect = lambda event: evaluations.append(event) if isinstance(event, Evaluation) else None  # noqa: E731
        return Trainer(tmp_path, toy_corpus(), model, tokens, train, collect, resume=resume).run()

    run(12, resume=False)
    result = run(24, resume=True)  # 24 more steps
    assert result.failed is None, result.failed
    assert [e.step for e in evaluations] == [12, 24, 36]
    fresh = Translator(load_checkpoint(result.last_path))
    sources = [s for s, _ in toy_corpus().dev]
    assert [h for _, _, h in evaluations[-1].samples] == fresh.translate_batch(sources[:3], batch_size=64)
    assert evaluations[-1].probe.target_pieces == fresh.translate(sources[0]).best.pieces
