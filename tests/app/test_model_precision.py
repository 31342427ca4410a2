"""The Model tab says which precision trained the model and why."""


def test_the_model_tab_names_the_training_precision_and_its_reason(window):
    text = window.model_panel.summary.text()
    assert "Precision" in text and "fp32" in text
