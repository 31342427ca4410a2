"""Gold word alignments from the built-in generators, and the attention's alignment error rate."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import numpy as np
import pytest

from models.alignment import (
    AlignedPair,
    alignment_set,
    builtin_language,
    gold_links,
    score_alignment,
    score_links,
)
from models.compare import text_units
from models.corpus.builtin import kinds


def named(pair: AlignedPair, links) -> set[tuple[str, str]]:
    src, tgt = text_units(pair.source), text_units(pair.target)
    return {(src[s], tgt[t]) for s, t in links}


def test_a_dates_parts_link_each_word_to_its_translation():
    sure, possible = gold_links("Friday, March 18, 2016", "vendredi 18 mars 2016",
                                (("Friday", "vendredi"), ("March", "mars"), ("18", "18"), ("2016", "2016")))  # fmt: skip
    pair = AlignedPair("Friday, March 18, 2016", "vendredi 18 mars 2016", "date", sure, possible)
    assert named(pair, sure) == {("Friday,", "vendredi"), ("March", "mars"), ("18,", "18"), ("2016", "2016")}
    assert possible == sure


def test_several_words_on_a_side_give_possible_links_and_the_rest_part_takes_what_is_left():
    parts = (("seventy-eight", "soixante-dix-huit"), (kinds.REST, kinds.REST))
    sure, possible = gold_links("seventy-eight hours ago", "il y a soixante-dix-huit heures", parts)
    pair = AlignedPair("seventy-eight hours ago", "il y a soixante-dix-huit heures", "relative time", sure, possible)
    assert named(pair, sure) == {("seventy-eight", "soixante-dix-huit")}
    rest = {(s, t) for s in ("hours", "ago") for t in ("il", "y", "a", "heures")}
    assert named(pair, possible) == rest | {("seventy-eight", "soixante-dix-huit")}


def test_chinese_characters_are_words_and_a_part_not_found_is_left_out():
    # CLDR spells the month "二月" on its own but "2月" inside a date: that part cannot be placed.
    sure, _ = gold_links("February 11, 2008", "2008年2月11日", (("February", "二月"), ("11", "11"), ("2008", "2008")))
    pair = AlignedPair("February 11, 2008", "2008年2月11日", "date", sure, sure)
    assert named(pair, sure) == {("11,", "11"), ("2008", "2008")}


def test_generated_pairs_unpack_as_before_and_carry_their_parts():
    generated = kinds.date(random.Random(1), "fr")
    source, target = kinds.clean(generated)
    assert (source, target) == (generated.source, generated.target) and generated.parts
    assert all(isinstance(p, str) for part in generated.parts for p in part)


def test_the_alignment_set_is_seeded_varied_and_leaves_out_excluded_sources():
    first = alignment_set("fr", 40)
    assert [p.source for p in first] == [p.source for p in alignment_set("fr", 40)]
    assert {p.kind for p in first} == {"date", "relative time", "currency", "quantity"}
    excluded = {p.source for p in first[:10]}
    assert not excluded & {p.source for p in alignment_set("fr", 40, exclude=excluded)}
    assert all(p.sure <= p.possible and p.possible for p in first)


def one_hot(pair: AlignedPair, pick) -> np.ndarray:
    """Word attention that puts each target word's weight on `pick(target)`."""
    src, tgt = len(text_units(pair.source)), len(text_units(pair.target))
    attention = np.zeros((tgt, src))
    for t in range(tgt):
        attention[t, pick(t)] = 1.0
    return attention


def test_aer_is_zero_on_the_gold_and_high_when_attention_looks_elsewhere():
    pairs = [p for p in alignment_set("fr", 40) if p.kind == "date"]
    gold = {}
    for p in pairs:
        gold[p.source] = {t: s for s, t in p.sure}
    perfect = [one_hot(p, lambda t, p=p: gold[p.source].get(t, 0)) for p in pairs]
    assert score_links(pairs, perfect).aer == 0.0
    wrong = [one_hot(p, lambda t, p=p: (gold[p.source].get(t, 0) + 1) % len(text_units(p.source))) for p in pairs]
    score = score_links(pairs, wrong)
    assert score.aer == 1.0 and score.precision == 0.0 and score.recall == 0.0


def test_the_corpus_names_its_builtin_language():
    assert builtin_language("builtin:en-fr") == "fr"
    assert builtin_language("tatoeba-eng-fra + builtin:en-zh") == "zh"
    assert builtin_language("toy") is None and builtin_language(None) is None


def test_the_bundled_model_aligns_and_an_untrained_one_does_not():
    from models.bundled import bundled_models
    from models.checkpoint import load_checkpoint
    from models.nn import Seq2Seq
    from models.translator import Translator

    pairs = alignment_set("fr", 60)
    bundle = load_checkpoint(bundled_models()["default-en-fr"])
    trained = score_alignment(Translator(bundle), pairs)
    bundle.model = Seq2Seq(bundle.model_config).eval()  # the same shapes, fresh weights
    untrained = score_alignment(Translator(bundle), pairs)
    assert trained.aer < 0.1 < 0.5 < untrained.aer, (trained, untrained)


@pytest.mark.parametrize("corpus", ["builtin:en-fr"])
def test_evaluate_json_reports_the_aer_on_a_builtin_corpus(corpus):
    out = subprocess.run([sys.executable, "-m", "models.cli", "evaluate", "--corpus", corpus, "--limit", "20", "--json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    alignment = json.loads(out.stdout.strip().splitlines()[-1])["alignment"]
    assert 0.0 <= alignment["aer"] <= 1.0 and alignment["sentences"] > 0 and alignment["scored_words"] > 0


def test_training_on_a_builtin_corpus_scores_the_attention_at_each_evaluation(tmp_path):
    from models.config import TokenizerConfig, TrainConfig
    from models.corpus.dataset import Corpus
    from models.corpus.readers import SkipReport
    from models.nn.family import model_config
    from models.training import Trainer
    from models.training.events import Evaluation

    rng = random.Random(0)
    pairs = [p for p in dict.fromkeys(kinds.clean(kinds.date(rng, "fr")) for _ in range(800)) if p][:700]
    corpus = Corpus("builtin:en-fr", pairs[:600], pairs[600:640], pairs[640:], SkipReport())
    events = []
    result = Trainer(tmp_path, corpus, model_config(embedding_size=32, hidden_size=64, dropout=0.0),
                     TokenizerConfig(model_type="word", src_vocab_size=200, tgt_vocab_size=200),
                     TrainConfig(batch_size=32, max_minutes=None, max_steps=240, eval_every=60, seed=1, learning_rate=3e-3,
                                 snapshots=0), callback=events.append).run()  # fmt: skip
    evaluations = [e for e in events if isinstance(e, Evaluation)]
    assert evaluations and all(e.alignment is not None and 0.0 <= e.alignment.aer <= 1.0 for e in evaluations)
    assert evaluations[-1].alignment.sentences > 0
    from models.checkpoint import load_checkpoint

    history = load_checkpoint(result.last_path).history["evaluations"]
    assert [h["aer"] for h in history] == [round(e.alignment.aer, 4) for e in evaluations]
    assert evaluations[-1].alignment.aer < evaluations[0].alignment.aer  # alignment emerges as it learns
