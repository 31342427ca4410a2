"""The Compare tab's BLEU by source length: both models translate a corpus in the inspection
worker, and the chart draws each bucket's BLEU of each model, as the engine scored it."""

import numpy as np


def test_compare_draws_bleu_by_length_of_both_models(window, qtbot, toy_model_path, toy_tsv):
    panel = window.compare_panel
    window.tabs.setCurrentWidget(panel)
    panel.model_a.refresh(select=str(toy_model_path))
    panel.model_b.refresh(select=str(toy_model_path))
    panel.length_corpus.setCurrentText(str(toy_tsv))
    with qtbot.waitSignal(window.inspection.measured_by_length, timeout=30_000) as measured:
        panel.length_button.click()
    reply = measured.args[0]
    assert reply.sentences == 20 and sum(b.sentences for b in reply.buckets[0]) == 20
    for name, buckets in zip(reply.names, reply.buckets, strict=True):
        drawn = panel.length_chart.series[[key for key in panel.length_chart.series if key.endswith(name)][0]][1]
        expected = [b.bleu for b in buckets if b.sentences]
        np.testing.assert_allclose(drawn, expected)
    assert "20" in panel.length_status.text()
