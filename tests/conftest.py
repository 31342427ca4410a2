import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TOY_PAIRS = [
    ("one", "un"), ("two", "deux"), ("three", "trois"), ("four", "quatre"), ("five", "cinq"),
    ("the red car", "la voiture rouge"), ("the blue car", "la voiture bleue"),
    ("the red house", "la maison rouge"), ("the blue house", "la maison bleue"),
    ("a big dog", "un grand chien"), ("a small dog", "un petit chien"), ("good morning", "bonjour"),
    ("thank you", "merci"), ("see you soon", "à bientôt"), ("the green car", "la voiture verte"),
    ("the green house", "la maison verte"), ("a big cat", "un grand chat"), ("a small cat", "un petit chat"),
    ("good evening", "bonsoir"), ("the small car", "la petite voiture"),
]  # fmt: skip

SHARED_TATOEBA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tatoeba-eng-fra" / "eng-fra.tsv"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Built-in corpora are cached per test session, never in the user's home."""
    cache = tmp_path_factory.getbasetemp() / "cache"
    monkeypatch.setenv("SEQ2SEQ_STUDIO_CACHE", str(cache))


@pytest.fixture(autouse=True)
def _fp32_for_auto(request, monkeypatch):
    """Trainings in tests take `auto` as fp32: on a CPU with native bf16, auto chooses by timing,
    and a test's result must not depend on the machine's load. tests/models/test_precision.py
    checks the choice itself (mark a test `real_precision` to keep it)."""
    if request.node.get_closest_marker("real_precision"):
        return
    from models.training import loop, precision

    choose = precision.choose_precision
    monkeypatch.setattr(loop, "choose_precision",
                        lambda requested, *args: choose("fp32" if requested == "auto" else requested, *args))  # fmt: skip


@pytest.fixture
def toy_tsv(tmp_path):
    path = tmp_path / "toy.tsv"
    path.write_text("".join(f"{s}\t{t}\n" for s, t in TOY_PAIRS), encoding="utf-8")
    return path


def toy_corpus():
    from models.corpus.dataset import Corpus
    from models.corpus.readers import SkipReport

    return Corpus("toy", list(TOY_PAIRS), list(TOY_PAIRS), list(TOY_PAIRS), SkipReport())


def train_toy(out_dir, steps=250, **model_overrides):
    """Overfit a tiny model on the toy pairs (dev = train), a few seconds on 2 cores."""
    from models.config import TokenizerConfig, TrainConfig
    from models.nn.family import model_config
    from models.training import Trainer

    model = model_config(embedding_size=32, hidden_size=64, dropout=0.0, **model_overrides)
    tok = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    train = TrainConfig(batch_size=5, max_minutes=None, max_steps=steps, eval_every=10_000, learning_rate=1e-2,
                        lr_schedule="constant", seed=3, eval_sentences=50)  # fmt: skip
    return Trainer(out_dir, toy_corpus(), model, tok, train).run()


@pytest.fixture(scope="session")
def toy_model_path(tmp_path_factory):
    """A trained toy model saved once per test session."""
    out = tmp_path_factory.mktemp("toy-run")
    result = train_toy(out)
    assert result.summary.dev_exact_match == 100.0
    return Path(result.best_path)


TINY_TRANSFORMER = dict(family="transformer", layers=2, decoder_layers=2, heads=2, hidden_size=32,
                        ff_size=64, dropout=0.0)  # fmt: skip


@pytest.fixture(scope="session")
def transformer_model_path(tmp_path_factory):
    """A tiny Transformer trained once per test session until it knows the toy pairs."""
    from models.config import TokenizerConfig, TrainConfig
    from models.nn.family import model_config
    from models.training import Trainer

    out = tmp_path_factory.mktemp("transformer-run")
    train = TrainConfig(batch_size=10, max_minutes=None, max_steps=400, eval_every=10_000, learning_rate=3e-3,
                        lr_schedule="inverse_sqrt", warmup_steps=40, adam_beta2=0.98, seed=3, eval_sentences=50)  # fmt: skip
    tokens = TokenizerConfig(model_type="word", src_vocab_size=60, tgt_vocab_size=60)
    result = Trainer(out, toy_corpus(), model_config(**TINY_TRANSFORMER), tokens, train).run()
    assert result.summary.dev_exact_match >= 90.0, result.summary
    return Path(result.best_path)


def rewrite_model(source, target, change=None, extra=(), compression=None):
    """Copy a model archive, letting `change(name, content)` edit a member's bytes (None drops it)
    and appending `extra` (name, bytes) members: crafted and damaged model files for tests."""
    import zipfile

    compression = zipfile.ZIP_STORED if compression is None else compression
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", compression=compression) as dst:
        for name in src.namelist():
            content = src.read(name)
            content = change(name, content) if change else content
            if content is not None:
                dst.writestr(name, content)
        for name, content in extra:
            dst.writestr(name, content)
    return target


def rewrite_meta(source, target, edit):
    """A copy of a model whose meta.json is `edit(meta)`."""
    import json

    return rewrite_model(
        source, target, lambda n, c: json.dumps(edit(json.loads(c))).encode() if n == "meta.json" else c
    )
