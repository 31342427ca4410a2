"""Text normalisation applied to every sentence the engine reads."""

import unicodedata

# Tatoeba-style French puts (narrow) no-break spaces before ! ? : ; they are spaces to a reader.
_SPACE_LIKE = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\t": " "}
_SPACE_TABLE = str.maketrans(_SPACE_LIKE)


def normalize(text: str) -> str:
    """NFC, no-break spaces to spaces, runs of white space collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", text).translate(_SPACE_TABLE)
    return " ".join(text.split())
