"""The app's side of an attention type declared once (models/attention_types.py): a toy type
declared at run time is offered by the train form and explained by the attention-math view."""

from __future__ import annotations

import html
from pathlib import Path
from types import SimpleNamespace

import pytest

from models import attention_types
from tests.models.test_attention_types import GATED


@pytest.fixture
def gated():
    declared = attention_types.register(GATED)
    yield declared
    attention_types.unregister(GATED.name)


def test_the_train_form_offers_a_declared_type(gated, qtbot):
    from app.panels.train_form import TrainForm

    form = TrainForm()
    qtbot.addWidget(form)
    items = {form.attention.itemData(i): form.attention.itemText(i) for i in range(form.attention.count())}
    assert items["gated"] == "gated (toy)" and list(items)[-1] == "none"
    form.attention.setCurrentIndex(form.attention.findData("gated"))
    model, _tokenizer, _train = form.configs()
    assert model.attention == "gated"


def test_the_attention_math_view_explains_a_declared_type(gated, window, tmp_path):
    from models.checkpoint import load_checkpoint
    from models.inspection.attention_math import AttentionMathGrid, attention_math
    from models.translator import Translator
    from tests.conftest import train_toy

    translator = Translator(load_checkpoint(Path(train_toy(tmp_path, steps=1, attention="gated").best_path)))
    translation = translator.translate("the red car", prefix=translator.target_tokenizer.encode("la voiture"))
    math = attention_math(translator, translation)
    panel = window.attention_math_panel
    panel.show_reply(
        SimpleNamespace(result=AttentionMathGrid([[math]]), translation=SimpleNamespace(text="la voiture"))
    )
    text = panel.formula.text()
    assert "<b>gated (toy)</b> attention" in text
    assert html.escape(GATED.formula) in text and "W_k 64×128, v 1×64" in text
    assert panel.table.rowCount() == len(translation.source_pieces) + 1  # a row per position, then the context
