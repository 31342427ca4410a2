"""Inside the model: views of what happens inside a translation, each in a sub-tab."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from app.i18n import tr
from app.panels.attention_math_panel import AttentionMathPanel
from app.panels.attribution_panel import AttributionPanel
from app.panels.embeddings_panel import EmbeddingsPanel
from app.panels.exposure_panel import ExposurePanel
from app.panels.hidden_states_panel import HiddenStatesPanel
from app.panels.transformer_steps_panel import TransformerStepsPanel


class InsidePanel(QTabWidget):
    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.attention_math = AttentionMathPanel(service)
        self.exposure = ExposurePanel(service)
        self.hidden_states = HiddenStatesPanel(service)
        self.embeddings = EmbeddingsPanel(service)
        self.transformer_steps = TransformerStepsPanel(service)
        self.panels = (self.attention_math, self.exposure, self.hidden_states, self.embeddings, self.transformer_steps)
        self.addTab(self.attention_math, tr("Attention, step by step"))
        self.addTab(self.exposure, tr("Teacher forcing vs free running"))
        self.addTab(self.hidden_states, tr("Hidden states"))
        self.addTab(self.embeddings, tr("Embeddings"))
        self.setTabToolTip(
            0, tr("One step's attention with the model's own numbers: scores, softmax, weighted sum, mask")
        )
        self.setTabToolTip(1, tr("A reference fed to the model (as in training) against its own output (as in use)"))
        self.setTabToolTip(2, tr("The encoder's and the decoder's states of the sentence, projected on a plane"))
        self.setTabToolTip(3, tr("Every piece's embedding on its principal components; nearest neighbours"))
        self.addTab(self.transformer_steps, tr("Transformer, step by step"))
        self.setTabToolTip(
            4,
            tr(
                "A Transformer layer's self- or cross-attention head by head: Q, K, V, the mask, "
                "the softmax; positions; the residual path"
            ),
        )
        self.attribution = AttributionPanel(service)
        self.panels = (*self.panels, self.attribution)
        self.setTabToolTip(self.addTab(self.attribution, tr("Attribution beside attention")),
                           tr("Which words each output piece came from, by gradients, occlusion or attention; "
                              "every signal scored against gold alignments"))  # fmt: skip

    def follow(self, translation) -> None:
        """The Translate tab showed a translation: each view follows its sentence."""
        for panel in self.panels:
            panel.follow(translation)

    def set_controls_source(self, controls) -> None:
        for panel in self.panels:
            panel.controls_source = controls
