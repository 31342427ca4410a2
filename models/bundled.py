"""The models shipped with the app, by the name that opens them (`--model default-en-zh`), and
their model cards. No torch here: the window lists them before the engine is imported."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DEFAULT_MODEL = RESOURCES / "default-en-fr.s2s"  # what `default` opens
BUNDLED = {
    "default-en-fr": DEFAULT_MODEL,
    "default-en-zh": RESOURCES / "default-en-zh.s2s",
    "default-transformer-en-fr": RESOURCES / "default-transformer-en-fr.s2s",
}


def language_pair(name: str) -> str:
    """A bundled model's language pair, which ends its name (default-transformer-en-fr: en-fr)."""
    return "-".join(name.split("-")[-2:])


def bundled_models() -> dict[str, Path]:
    """The bundled models present in this installation, by name."""
    return {name: path for name, path in BUNDLED.items() if path.exists()}


def model_card(path: str | Path | None, language: str = "en") -> str:
    """The model card (Markdown) kept beside a model file as NAME.card.md (NAME.card.LANGUAGE.md in
    another language, e.g. zh_CN, else the English one), or ''."""
    if not path:
        return ""
    card = Path(path).with_suffix(".card.md")
    translated = Path(path).with_suffix(f".card.{language}.md")
    if language != "en" and translated.is_file():
        card = translated
    try:
        return card.read_text(encoding="utf-8") if card.is_file() else ""
    except OSError:
        return ""
