from models.checkpoint import DEFAULT_MODEL, load_checkpoint
from models.config import DecodeConfig
from models.corpus import load_corpus
from models.metrics import score_translations
from models.translator import Translator


def test_bundled_model_is_small_and_translates_its_held_out_sentences():
    assert DEFAULT_MODEL.stat().st_size < 8_000_000
    bundle = load_checkpoint("default")
    assert bundle.corpus == "builtin:en-fr" and bundle.model_config.attention != "none"
    test = load_corpus("builtin:en-fr").test[:400]
    hypotheses = Translator(bundle).translate_batch([s for s, _ in test])
    scores = score_translations(hypotheses, [t for _, t in test])
    assert scores["exact_match"] >= 90.0 and scores["bleu"] >= 95.0


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
