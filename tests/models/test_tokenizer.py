import pytest

from models.config import TokenizerConfig
from models.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID, train_tokenizers
from tests.conftest import TOY_PAIRS

CHINESE = [("May 5, 2019", "2019年5月5日"), ("Friday, March 25, 1955", "1955年3月25日星期五")] * 20


@pytest.mark.parametrize("kind", ["unigram", "bpe", "char", "word"])
def test_each_model_type_round_trips_with_fixed_special_ids(kind):
    pair = train_tokenizers(TOY_PAIRS * 5, TokenizerConfig(model_type=kind, src_vocab_size=40, tgt_vocab_size=40))
    tok = pair.target
    assert (tok.id_to_piece(PAD_ID), tok.id_to_piece(UNK_ID), tok.id_to_piece(BOS_ID), tok.id_to_piece(EOS_ID)) == (
        "<pad>", "<unk>", "<s>", "</s>",
    )  # fmt: skip
    ids = tok.encode("la voiture rouge")
    assert tok.decode(ids) == "la voiture rouge"
    assert "".join(tok.pieces("la voiture rouge")).replace("▁", " ").strip() == "la voiture rouge"


def test_scripts_without_spaces():
    pair = train_tokenizers(CHINESE, TokenizerConfig(src_vocab_size=30, tgt_vocab_size=30))
    pieces = pair.target.pieces("1955年3月25日星期五")
    assert len(pieces) > 1 and pair.target.decode(pair.target.encode("2019年5月5日")) == "2019年5月5日"


def test_shared_vocabulary():
    pair = train_tokenizers(TOY_PAIRS * 5, TokenizerConfig(shared=True, src_vocab_size=60))
    assert pair.shared and pair.source.encode("la voiture") == pair.target.encode("la voiture")
