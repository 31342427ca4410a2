"""The bundled models, as shipped: small, loaded in fp32 from half-precision storage, and they
translate both everyday sentences and the built-in phrase domain."""

import pytest

from models.bundled import bundled_models
from models.checkpoint import DEFAULT_MODEL, load_checkpoint
from models.config import DecodeConfig
from models.corpus import load_corpus
from models.metrics import score_translations
from models.translator import Translator


def test_bundled_model_is_small_and_translates_its_held_out_phrases():
    assert DEFAULT_MODEL.stat().st_size < 25_000_000
    bundle = load_checkpoint("default")
    assert bundle.path == load_checkpoint("default-en-fr").path == str(DEFAULT_MODEL)
    assert "builtin:en-fr" in bundle.corpus and bundle.model_config.attention != "none"
    assert all(p.dtype.is_floating_point and p.dtype.itemsize == 4 for p in bundle.model.parameters())
    test = load_corpus("builtin:en-fr").test[:400]
    hypotheses = Translator(bundle).translate_batch([s for s, _ in test])
    scores = score_translations(hypotheses, [t for _, t in test])
    assert scores["exact_match"] >= 90.0 and scores["bleu"] >= 90.0


def test_bundled_model_speaks_everyday_french_and_says_how_it_was_made():
    bundle = load_checkpoint("default")
    assert "Tatoeba" in bundle.recipe["data"] and "CC-BY" in bundle.recipe["data"]
    assert bundle.recipe["seed"] == 1 and bundle.recipe["minutes"] > 0
    translator = Translator(bundle)
    assert "chats" in translator.translate("I like cats.").text
    assert "gare" in translator.translate("Where is the station?").text


def test_bundled_model_example_and_attention():
    translation = Translator(load_checkpoint("default")).translate(
        "Friday, February 15, 2019", DecodeConfig(method="beam", beam_size=5, nbest=2), trace=True
    )
    assert translation.text == "vendredi 15 février 2019"
    weights = translation.best.attention
    assert weights.shape == (len(translation.best.pieces), len(translation.source_pieces))
    # the year is copied from the year: its row attends mostly to the source's year piece
    year_row = translation.best.pieces.index("▁2019")
    assert translation.source_pieces[weights[year_row].argmax()].endswith("2019")


def test_bundled_chinese_model_answers_in_chinese():
    assert {"default-en-fr", "default-en-zh"} <= set(bundled_models())
    bundle = load_checkpoint("default-en-zh")
    assert "builtin:en-zh" in bundle.corpus and bundle.path.endswith("default-en-zh.s2s")
    text = Translator(bundle).translate("I like cats.").text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_bundled_transformer_translates_with_every_head():
    if "default-transformer-en-fr" not in bundled_models():
        pytest.skip("resources/default-transformer-en-fr.s2s is absent")
    bundle = load_checkpoint("default-transformer-en-fr")
    assert bundle.model_config.family == "transformer" and "builtin:en-fr" in bundle.corpus
    translation = Translator(bundle).translate("I like cats.")
    assert "chat" in translation.text and translation.best.heads is not None
