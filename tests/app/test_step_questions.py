"""Decoding steps: why this piece rather than another (#27 item 3), and what if the attention had
looked elsewhere (#27 item 6), each asked at the step shown."""

from __future__ import annotations

import numpy as np

from app.panels.contrastive import PURPOSE as CONTRAST
from app.panels.intervention import PURPOSE as INTERVENTION


def _reply(window, qtbot, purpose, action):
    with qtbot.waitSignal(window.translation.translated, timeout=20_000,
                          check_params_cb=lambda reply: reply.purpose == purpose) as blocker:  # fmt: skip
        action()
    return blocker.args[0]


def _at_step(window, qtbot, text, step, tab):
    panel, steps = window.translate_panel, window.steps_panel
    window.show_panel(steps)
    steps.questions.setCurrentIndex(tab)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate(text)
    steps.slider.setValue(step)
    return steps


def test_why_this_piece_rather_than_another(window, qtbot):
    steps = _at_step(window, qtbot, "the red car", 0, 0)
    box = steps.contrastive
    step = steps.translation.steps[2]  # "rouge"
    rivals = [c.token_id for c in step.candidates if c.token_id != step.chosen_id]
    assert [box.alternative.itemData(i) for i in range(box.alternative.count())] != rivals  # still step 1's
    steps.questions.setCurrentIndex(1)
    reply = _reply(window, qtbot, CONTRAST, lambda: steps.slider.setValue(2))  # shown: the step asks at once
    assert [box.alternative.itemData(i) for i in range(box.alternative.count())] == rivals
    signal = reply.result.signal
    assert signal.contrastive and signal.sentence.target_ids == [s.chosen_id for s in steps.translation.steps[:3]]
    # the value explained is the log-probability difference of the two candidates
    chosen_p = step.chosen_probability
    rival_p = next(c.probability for c in step.candidates if c.token_id == rivals[0])
    assert signal.log_probs[2] == np.float64(signal.log_probs[2])
    assert abs(signal.log_probs[2] - (np.log(chosen_p) - np.log(rival_p))) < 1e-3
    values = box.canvas.values
    assert values is not None and abs(np.abs(values).sum() - 1.0) < 1e-6
    labels = [t.get_text() for t in box.canvas.axes.get_yticklabels()]
    assert labels[:3] == ["the", "red", "car"] and labels[3] == "↳ <s>"  # the source, then the prefix read
    assert len(labels) == 3 + 1 + 2  # <s>, "la", "voiture"
    assert "rather than" in box.canvas.axes.get_title() and "−" in box.info.text()
    # another method, another rival
    box.method.setCurrentIndex(box.method.findData("occlusion"))
    box.alternative.setCurrentIndex(1)
    reply = _reply(window, qtbot, CONTRAST, box.request)
    assert reply.result.signal.method == "occlusion"
    assert reply.result.signal.log_probs[2] > 0  # the model preferred its choice


def test_what_if_the_attention_looked_elsewhere(window, qtbot):
    steps = _at_step(window, qtbot, "the red car", 1, 2)
    box = steps.intervention
    assert [box.piece.itemText(i) for i in range(box.piece.count())] == ["·the", "·red", "·car"]
    assert not box.kind.model().item(2).isEnabled()  # a recurrent model has no heads to switch off
    box.piece.setCurrentIndex(2)
    reply = _reply(window, qtbot, INTERVENTION, box.request)
    result = reply.result
    assert result.request.step == 1 and result.request.kind == "zero" and result.request.position == 2
    assert result.original.token_ids == [s.chosen_id for s in steps.translation.steps]
    assert np.all(result.changed.attention[1:, 2] == 0.0)
    shown = box.attention.canvas.weights
    np.testing.assert_allclose(shown, result.changed.attention[: len(result.changed.pieces)], atol=1e-6)
    assert box.attention.canvas.selected_row == 1
    text = box.summary.text()
    assert "Before:" in text and "car" in text and f"{result.log_prob_change:+.2f}" in text
    box.kind.setCurrentIndex(1)
    box.only_here.setChecked(True)
    reply = _reply(window, qtbot, INTERVENTION, box.request)
    assert reply.result.request.only_this_step and np.allclose(reply.result.changed.attention[1], np.eye(3)[2])


def test_a_transformer_can_switch_off_a_head(window, qtbot, transformer_model_path):
    with qtbot.waitSignal(window.translation.model_loaded, timeout=20_000):
        window.open_model(str(transformer_model_path))
    steps = _at_step(window, qtbot, "the red car", 0, 2)
    box = steps.intervention
    assert box.kind.model().item(2).isEnabled()
    box.kind.setCurrentIndex(2)
    assert box.layer.isVisibleTo(box) and not box.piece.isVisibleTo(box)
    layers, heads = steps.translation.best.heads.shape[1:3]
    assert box.layer.maximum() == layers and box.head.maximum() == heads
    box.head.setValue(2)
    reply = _reply(window, qtbot, INTERVENTION, box.request)
    assert reply.result.request.layer == layers - 1 and reply.result.request.head == 1
    assert "switched off" in box.summary.text()
