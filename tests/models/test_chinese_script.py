"""Chinese in one script: training data in Simplified, Traditional only as a conversion at display."""

import pytest

from models.corpus.tatoeba import tatoeba_path, tatoeba_split
from models.corpus.text import CHINESE_SCRIPTS, chinese_script


def test_traditional_characters_become_simplified_and_back():
    assert chinese_script("我愛學習中文，這是電腦。") == "我爱学习中文，这是电脑。"
    assert chinese_script("我爱学习，这是电脑", "traditional-taiwan") == "我愛學習，這是電腦"
    assert chinese_script("Tom 有 3 本書") == "Tom 有 3 本书"  # other characters pass unchanged


def test_an_unknown_script_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="simplified"):
        chinese_script("中文", "cantonese")
    assert set(CHINESE_SCRIPTS) == {"simplified", "traditional-taiwan", "traditional-hong-kong"}


@pytest.mark.skipif(not tatoeba_path("en-zh").exists(), reason="../shared/data/tatoeba-eng-cmn is absent")
def test_every_split_of_the_chinese_tatoeba_pairs_is_in_simplified():
    corpus = tatoeba_split("en-zh")
    for pairs in (corpus.train, corpus.dev, corpus.test):
        assert pairs and all(chinese_script(target) == target for _, target in pairs)
        assert len(set(pairs)) == len(pairs)  # pairs that differed only by script are one


def test_one_script_key_joins_texts_that_differ_only_by_script():
    from models.corpus.text import one_script_key

    assert one_script_key("我愛學") == one_script_key("我爱學") == "我爱学"
    assert one_script_key("Bonjour.") == "Bonjour."


def test_an_nbest_list_keeps_one_row_of_those_that_differ_only_by_script():
    from types import SimpleNamespace

    from models.translator import Translator

    translator = Translator.__new__(Translator)  # only the conversion of a decoder's result is used
    translator.target_tokenizer = SimpleNamespace(
        ids_to_pieces=lambda ids: [str(i) for i in ids],
        decode=lambda ids: {1: "我愛你", 2: "我爱你", 3: "你好"}[ids[0]],
    )
    hypotheses = [SimpleNamespace(token_ids=[i], finished=True, score=-i, log_prob=-i, attention=None, heads=None)
                  for i in (1, 2, 3)]  # fmt: skip
    result = SimpleNamespace(hypotheses=hypotheses, steps=[], beam_nodes=[])
    translation = translator._to_translation("I love you", ["▁I"], "beam", result, [])
    assert [e.text for e in translation.nbest] == ["我愛你", "你好"]  # the better of the two scripts stays
