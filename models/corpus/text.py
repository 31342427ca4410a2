"""Text normalisation applied to every sentence the engine reads."""

import unicodedata

# Tatoeba-style French puts (narrow) no-break spaces before ! ? : ; they are spaces to a reader.
_SPACE_LIKE = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\t": " "}
_SPACE_TABLE = str.maketrans(_SPACE_LIKE)


def normalize(text: str) -> str:
    """NFC, no-break spaces to spaces, runs of white space collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", text).translate(_SPACE_TABLE)
    return " ".join(text.split())


# Chinese scripts a text can be shown in, by OpenCC configuration: training data is Simplified
# (one script, so a model never mixes them); Traditional is a conversion at display.
CHINESE_SCRIPTS = {
    "simplified": "t2s",
    "traditional-taiwan": "s2twp",  # Taiwan standard, with Taiwan's own words (电脑 → 電腦)
    "traditional-hong-kong": "s2hk",
}
_converters: dict[str, object] = {}


def chinese_script(text: str, script: str = "simplified") -> str:
    """`text` in one Chinese script (see CHINESE_SCRIPTS); other characters pass unchanged."""
    if script not in CHINESE_SCRIPTS:
        raise ValueError(f"unknown Chinese script {script!r}; one of {', '.join(CHINESE_SCRIPTS)}")
    converter = _converters.get(script)
    if converter is None:
        import opencc  # only where Chinese is met

        converter = _converters[script] = opencc.OpenCC(CHINESE_SCRIPTS[script])
    return converter.convert(text)


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def one_script_key(text: str) -> str:
    """`text` in Simplified where it holds Chinese characters, else itself: two texts with the same
    key differ only by script."""
    return chinese_script(text) if _has_han(text) else text
