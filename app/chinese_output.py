"""The script Chinese output is shown in. Models write Simplified (their training data is
converted to it); a learner may read Traditional instead, converted at display with OpenCC's
Taiwan or Hong Kong standard. The choice is a setting (Settings → Chinese output)."""

from __future__ import annotations

from app import settings as app_settings
from app.i18n import QT_TR_NOOP

SETTING = "interface/chinese_script"
SCRIPTS = (  # (value, menu label): the values of models.corpus.text.CHINESE_SCRIPTS
    ("simplified", QT_TR_NOOP("Simplified (as the model writes it)")),
    ("traditional-taiwan", QT_TR_NOOP("Traditional, Taiwan standard")),
    ("traditional-hong-kong", QT_TR_NOOP("Traditional, Hong Kong standard")),
)


def chosen_script() -> str:
    script = app_settings.value(SETTING, "simplified")
    return script if script in {value for value, _ in SCRIPTS} else "simplified"


def choose_script(script: str) -> None:
    app_settings.set_value(SETTING, script)


def shown(text: str) -> str:
    """`text` in the chosen Chinese script; Simplified, and text without Chinese, pass unchanged."""
    script = chosen_script()
    if script == "simplified" or not any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text
    from models.corpus.text import chinese_script  # OpenCC loads only where it is needed

    return chinese_script(text, script)
