"""Input that would make a translation slow or meaningless is refused with a sentence."""

import time

import pytest

from models.checkpoint import load_checkpoint
from models.cli import main
from models.config import DecodeConfig
from models.errors import InputError
from models.translator import MAX_SOURCE_CHARS, MAX_SOURCE_PIECES, Translator


@pytest.fixture(scope="module")
def translator(toy_model_path):
    return Translator(load_checkpoint(toy_model_path))


def test_a_very_long_input_is_refused_at_once(translator):
    start = time.perf_counter()
    with pytest.raises(InputError, match="too long to translate as one sentence: 29,999 characters"):
        translator.translate("red car " * 3_750, DecodeConfig(method="beam"))
    with pytest.raises(InputError, match="100,000 characters"):
        translator.translate("x" * 100_000)
    assert time.perf_counter() - start < 5  # generous: refused before any decoding


def test_too_many_pieces_are_refused_and_the_longest_allowed_translates(translator):
    words = ["one", "two", "three"]
    longest = " ".join(words[i % 3] for i in range(MAX_SOURCE_PIECES))
    assert len(longest) <= MAX_SOURCE_CHARS
    assert translator.translate(longest).text  # at the limit: translated
    with pytest.raises(InputError, match=f"{MAX_SOURCE_PIECES + 1} pieces"):
        translator.translate(longest + " one")
    with pytest.raises(InputError, match="sentence 2: the text is too long"):
        translator.translate_batch(["one", longest + " one"])


def test_invalid_utf8_from_the_command_line_gets_a_sentence(toy_model_path, capsys):
    text = b"caf\xe9".decode("utf-8", "surrogateescape")  # how Python hands over a Latin-1 argument
    assert main(["translate", "--model", str(toy_model_path), text]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err


def test_a_long_input_on_the_command_line_fails_clearly(toy_model_path, capsys):
    assert main(["translate", "--model", str(toy_model_path), "word " * 1_000]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "split it into sentences" in err
