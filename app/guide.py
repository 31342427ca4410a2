"""Help → Guide: a short explanation of each view and of every training option.

The training options are listed from the form's own labels and tooltips, so the guide and the
form never disagree.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from app.i18n import QT_TR_NOOP, tr
from app.panels.train_form import options_help

VIEWS = [
    (
        QT_TR_NOOP("Learn"),
        [
            (
                QT_TR_NOOP("Lessons"),
                QT_TR_NOOP(
                    "Ten short lessons follow the road of the tutorials, from encoder and decoder to RNN against "
                    "Transformer. <b>Show me</b> opens the right model, sentence and view; each question's answer is "
                    "read from the numbers on screen when you ask for it."
                ),
            ),
            (
                QT_TR_NOOP("Experiments"),
                QT_TR_NOOP(
                    "Four lessons have an experiment that trains small models in the background (pause and stop as "
                    "in the Train tab, a few minutes on a laptop) and plots the result beside what the literature "
                    "reports: the bottleneck without attention, teacher forcing, beam size, RNN against Transformer. "
                    "Where the effect does not show at this budget, the verdict says so."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Translate"),
        [
            (
                QT_TR_NOOP("Source box"),
                QT_TR_NOOP(
                    "Type a sentence; it is translated as you type (or press Enter). The model splits it into "
                    "<i>pieces</i> (sentencepiece sub-words; a leading · marks the start of a word)."
                ),
            ),
            (
                QT_TR_NOOP("Attention diagnostics"),
                QT_TR_NOOP(
                    "The line under the heatmap asks whether the attention looks right. <b>Entropy</b> per step: "
                    "0 bits when a step looks at one source piece, the even-spread value when it looks at all alike "
                    "(attention that has not learnt to align). <b>Coverage</b>: the attention each source piece "
                    "received over all steps; little suggests it was left untranslated, much that it was translated "
                    "twice. The share on <b>punctuation</b> (and on an end-of-sentence piece) shows attention sinking "
                    "where it has nothing better to do."
                ),
            ),
            (
                QT_TR_NOOP("Translation and n-best list"),
                QT_TR_NOOP(
                    "The best output, and for beam search the other finished candidates. "
                    "<b>log P</b> is the sum of the log-probabilities of the output's pieces (0 would be certain; more "
                    "negative is less likely). <b>Score</b> is log P divided by the length penalty, which is how beam "
                    "search ranks outputs of different lengths."
                ),
            ),
            (
                QT_TR_NOOP("Attention heatmap"),
                QT_TR_NOOP(
                    "One row per output piece (a decoder step), one column per source piece (an encoder "
                    "position). A cell's colour is the attention weight: the share of that source position in the context "
                    "vector the decoder used at that step. Each row sums to 1 (softmax). Hover a cell to read it; click a row "
                    "or its label to list the source pieces that step used most. A clean diagonal means the model aligned "
                    "words in order; a blurred or uniform row means it did not know where to look."
                ),
            ),
            (
                QT_TR_NOOP("Gold alignments on the heatmap"),
                QT_TR_NOOP(
                    "When the sentence has gold word alignments, its gold links are drawn over the heatmap: a "
                    "<b>solid box</b> for a sure link, a <b>dashed box</b> for a possible one, each around the pieces "
                    "of its source word and target word. A sentence of a built-in corpus has them when the model was "
                    "trained on that corpus (dates, relative times, amounts and quantities: the generator knows which "
                    "words produced which); any other pair has them from a Pharaoh file (<b>Gold alignments…</b>: "
                    "i-j sure, i?j possible, words counted from 0, one line per pair of the pair file beside it). "
                    "The caption gives the sentence's <b>AER</b>: each gold target word is linked to the source word "
                    "it weighs most, and AER is 0 when every such link is a gold one. The links belong to the gold "
                    "target: when the output is another, they are not drawn."
                ),
            ),
            (
                QT_TR_NOOP("Decoding settings"),
                QT_TR_NOOP(
                    "Greedy takes the most probable piece at each step. Beam search keeps the K best partial "
                    "translations. Sampling draws each piece at random (temperature, top-k). Max length stops any decoding."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Decoding steps"),
        [
            (
                QT_TR_NOOP("Candidates"),
                QT_TR_NOOP(
                    "At the chosen step, the most probable next pieces and their probabilities. Orange is the piece "
                    "the decoding took; red marks a piece you forced. Click a bar or a word to ask “what if?”."
                ),
            ),
            (
                QT_TR_NOOP("Step slider"),
                QT_TR_NOOP(
                    "Walk through the decoding one step at a time, or press Play. Click anywhere on the track to "
                    "jump to that step. The heatmap beside it grows one row per step."
                ),
            ),
            (
                QT_TR_NOOP("Beam search tree"),
                QT_TR_NOOP(
                    "Every extension beam search weighed: blue kept, green finished (end of sentence), grey "
                    "pruned, an orange border for the final n-best. Each node shows its piece and its path log-probability. "
                    "Click a node to go to its step."
                ),
            ),
            (
                QT_TR_NOOP("What if?"),
                QT_TR_NOOP(
                    "Forces the clicked piece at that step and lets the model continue from there, so you can compare "
                    "the alternative's output, log P and attention with the original."
                ),
            ),
            (
                QT_TR_NOOP("Why this rather than that?"),
                QT_TR_NOOP(
                    "Pick another candidate of the step: the attribution of log P(chosen) − log P(alternative) "
                    "answers why the model wrote its piece and not that one. Each bar is a source word (blue) or a "
                    "word of the output before the step (orange, ↳); bars to the right pushed towards the chosen "
                    "piece, bars to the left towards the alternative, each a share of the total. Input × gradient, "
                    "integrated gradients and occlusion are signed; saliency (the gradient's length) only says how "
                    "sensitive the difference is to a word."
                ),
            ),
            (
                QT_TR_NOOP("What if it looked elsewhere?"),
                QT_TR_NOOP(
                    "An intervention on the attention: from the step shown (or at that step only), take the "
                    "attention off one source piece (its weight becomes 0 and the others are scaled up to sum to 1), "
                    "put all of it on one piece, or, in a Transformer, switch off one head of one decoder layer. The "
                    "model decodes again from the step, greedily, and shows the new output, its attention, the change "
                    "in log P and the log P of the piece it first wrote there. If taking the attention off a word "
                    "changes nothing, the model did not need to look there; if the output loses that word, it did. "
                    "Attention maps say where the model looked; interventions test whether it mattered."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Inside the model"),
        [
            (
                QT_TR_NOOP("The three steps"),
                QT_TR_NOOP(
                    "At the chosen decoding step, the decoder's state (the query q) is scored against the encoder's "
                    "output at every source position (the values hⱼ) with this model's scoring function, shown with "
                    "the shapes of its weights. The softmax turns the scores into weights that sum to 1, and the "
                    "context vector is the weights' sum of the values. The numbers are the model's own: read from its "
                    "attention module while it writes this sentence's output."
                ),
            ),
            (
                QT_TR_NOOP("Score bars and table"),
                QT_TR_NOOP(
                    "The bars show the raw scores, then the weights after the softmax. The table lists, per source "
                    "position, the score, the weight and the first components of the value; its last row is the "
                    "context vector, each component the weights' sum of the column above. Export step saves every "
                    "component as CSV."
                ),
            ),
            (
                QT_TR_NOOP("Batch with (padding and the mask)"),
                QT_TR_NOOP(
                    "Sentences are translated in batches padded to the longest one. Type a longer sentence here: this "
                    "sentence's extra positions are padding, the mask sets their score to −∞ before the softmax, and "
                    "their weight is exactly 0, so padding never changes a translation."
                ),
            ),
            (
                QT_TR_NOOP("No attention"),
                QT_TR_NOOP(
                    "A model with attention “none” has no scores: the decoder gets the same context vector, the "
                    "encoder's final state, at every step; the table shows it."
                ),
            ),
            (
                QT_TR_NOOP("Transformer, step by step"),
                QT_TR_NOOP(
                    "A Transformer's attention computed with its own numbers, for a chosen layer and head: the "
                    "encoder's self-attention (each source piece over the source), the decoder's <b>masked</b> "
                    "self-attention (each step over &lt;s&gt; and the pieces before it) or the cross-attention (each "
                    "step over the encoder's output). <b>Scores, mask, softmax</b>: the scaled scores q·k/√d and the "
                    "weights; a cell the mask hides (a later step, or padding with <i>Batch with</i>) is hatched and "
                    "reads −∞: its weight is exactly 0, unlike a learned weight near 0. The table gives the chosen "
                    "position's row and the weighted sum of the values. <b>Q, K, V</b>: the head's own projections. "
                    "<b>Positions</b>: the piece embeddings × √D plus the positional encoding (sinusoidal or learned) "
                    "make the first layer's input. <b>Residual path</b>: one position through the layer, x → norm → "
                    "attention → + x → norm → feed-forward → + x (pre-norm; post-norm normalises after each sum)."
                ),
            ),
            (
                QT_TR_NOOP("Teacher forcing vs free running"),
                QT_TR_NOOP(
                    "Type a reference translation. In training the decoder is fed the reference's previous piece at "
                    "every step (teacher forcing); in use it is fed its own. The table gives, per step, the "
                    "probability of the reference piece when fed the reference, the model's first choice there, and "
                    "what it wrote fed its own output. Orange marks the first step where the two part: from there on "
                    "the model continues a prefix training never fed it (exposure bias). Red marks a reference piece "
                    "it found unlikely. The two maps show where it looked in each case."
                ),
            ),
            (
                QT_TR_NOOP("Hidden states"),
                QT_TR_NOOP(
                    "The encoder's output at each source piece and the decoder's RNN output at each step are vectors "
                    "of a few hundred values. Each sequence is projected on its own first two principal components "
                    "(the directions along which its states vary most; the share of variance they keep is shown) and "
                    "drawn as a path from the first piece (blue) to the last (orange). Hover a point for its piece "
                    "and the first values of its state. For a model of several layers, Layer picks which layer's "
                    "states are drawn; the top one is what attention reads."
                ),
            ),
            (
                QT_TR_NOOP("Embeddings"),
                QT_TR_NOOP(
                    "Each piece of the vocabulary is a vector (its embedding). The cloud shows them all on their first "
                    "principal components: two, flat, or three, turned by dragging. The sentence's pieces are orange. "
                    "Search a word (or click a point) to see its ten nearest pieces by cosine similarity, computed "
                    "in the full space: a projection keeps only part of the distances, which the note under the "
                    "cloud quantifies."
                ),
            ),
            (
                QT_TR_NOOP("Attribution beside attention"),
                QT_TR_NOOP(
                    "Attention weights say where the decoder looked, not what its choice depended on; research since "
                    "2019 shows the two can differ. This view explains each output piece by a <i>signal</i> of your "
                    "choice and puts it beside the attention: the source map (rows: output pieces, columns: source "
                    "words), the map over the target prefix (the output written before the step, starting with "
                    "&lt;s&gt;), the attention map and the signal minus the attention. Every signal is normalised per "
                    "row (its absolute values sum to 1) so that gradients, log-probability drops and weights compare; "
                    "red counts for the chosen piece, blue against it. The bars below give, at each step, the share "
                    "of the evidence from the source and from the prefix: a step that mostly continues the words before "
                    "it (an article's noun, the end of a word) draws on the prefix."
                ),
            ),
            (
                QT_TR_NOOP("The signals: what each computes and costs"),
                QT_TR_NOOP(
                    "<b>Attention</b>: the weights themselves (a Transformer's last layer, heads averaged); one forward "
                    "pass. <b>Gradient saliency</b>: the length of the gradient of log P(chosen piece) with respect to "
                    "each word's embedding, how much a small change there would move the choice; always ≥ 0; one "
                    "forward and backward pass per step. <b>Input × gradient</b>: the gradient times the embedding, a "
                    "first-order estimate of what the word adds; signed; the same cost. <b>Integrated gradients</b>: "
                    "the gradient averaged on the straight path from a padding embedding to the real one, times the "
                    "difference; the attributions add up to the change in log P, and the <i>completeness error</i> says "
                    "how nearly (more IG steps, a smaller error); IG steps × output steps passes, the dearest. "
                    "<b>Occlusion</b>: how far log P falls when a word is left out (its pieces read as padding); one "
                    "forward pass per word. For a Transformer also <b>attention rollout</b> (the layers' attention "
                    "multiplied through, residual counted as half) and <b>norm-based</b> contributions ‖α·f(x)‖ (the "
                    "length of what a word adds through cross-attention, not its weight alone); one forward pass each. "
                    "Everything runs in the background: Cancel stops it, and a newer request replaces an older one."
                ),
            ),
            (
                QT_TR_NOOP("Scoreboard against gold alignments"),
                QT_TR_NOOP(
                    "Which signal finds the word a piece translates? Each signal links every output word to the "
                    "source word its row ranks first, and these links are scored against gold word alignments: the "
                    "built-in corpus's (the model's own corpus, sentences it did not train on), or a corpus file with "
                    "a Pharaoh file (i-j sure, i?j possible). <b>AER</b> (alignment error rate) is 0% when every link "
                    "is a gold one and every sure link is found: lower is better. <b>Precision</b> (P) is the share of "
                    "the signal's links that are gold links, <b>recall</b> (R) the share of the sure links it finds. "
                    "Each signal is scored at the output step (blue) and shifted by one (orange: the piece written at "
                    "step t read from step t+1's row), because a Transformer's cross-attention often aligns better "
                    "with the next word. <i>Every layer and head</i> adds each layer's and head's attention. A low AER "
                    "says a signal aligns like a dictionary would; it does not say the model used those words: "
                    "interventions and occlusion test that."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Train"),
        [
            (
                QT_TR_NOOP("1 · Data"),
                QT_TR_NOOP(
                    "A built-in corpus (generated on this machine) or your own file of sentence pairs: a TSV of "
                    "'source&lt;TAB&gt;target' lines, or two aligned files. The page shows statistics, a length histogram (in "
                    "words, or in characters for scripts written without spaces, such as Chinese), what was skipped and "
                    "why, and how a sentence is split into pieces."
                ),
            ),
            (
                QT_TR_NOOP("2 · Model and training"),
                QT_TR_NOOP("The architecture and the training settings (every option is explained below)."),
            ),
            (
                QT_TR_NOOP("Curves"),
                QT_TR_NOOP(
                    "Training loss (cross-entropy per target piece) at every step; dev loss, BLEU and chrF at each "
                    "evaluation; the learning rate; and the speed in target tokens per second. Dev loss rising while training "
                    "loss falls means over-fitting."
                ),
            ),
            (
                QT_TR_NOOP("Probe attention and samples"),
                QT_TR_NOOP(
                    "At every evaluation the probe sentence is translated and its attention "
                    "drawn, so you can watch alignment emerge; a few dev sentences are translated beside their references."
                ),
            ),
            (
                QT_TR_NOOP("Buttons"),
                QT_TR_NOOP(
                    "Pause, resume and stop at any time (the last checkpoint is kept). “Translate with this model "
                    "now” loads a copy of the weights at the last evaluation; “Open the trained model” loads the best "
                    "checkpoint."
                ),
            ),
            (
                QT_TR_NOOP("Following a run trained elsewhere"),
                QT_TR_NOOP(
                    "File → Follow a training run folder… opens a run that another process writes (a torchrun job on "
                    "this machine, or a folder synced from a server). Its curves, probe attention and samples update "
                    "here, read-only, as its files arrive, and Replay and Compare list it. Only files the training "
                    "has finished writing are read."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Replay"),
        [
            (
                QT_TR_NOOP("Snapshots"),
                QT_TR_NOOP(
                    "At every evaluation a run keeps a light copy of its weights (half precision, in the run folder's "
                    "snapshots/ folder). When there are too many, every other one goes, so those kept stay evenly spread "
                    "over the run; the first always stays."
                ),
            ),
            (
                QT_TR_NOOP("Slider and Play"),
                QT_TR_NOOP(
                    "Choose a run and type a sentence: the slider re-translates it with the weights of each snapshot, "
                    "and Play steps through them, so you see alignment emerge. The red line on the run's curves marks "
                    "where in training that snapshot was. A run still training adds snapshots as it goes."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Compare"),
        [
            (
                QT_TR_NOOP("Two models, one sentence"),
                QT_TR_NOOP(
                    "Two runs, two snapshots of one run, or a run and a bundled model, with the decoding settings of the "
                    "Translate tab. Each output shows its log P, and the log P the other model gives it."
                ),
            ),
            (
                QT_TR_NOOP("Maps and difference"),
                QT_TR_NOOP(
                    "Rows are model A's output. B's map is where B looks when made to write A's output (forced "
                    "decoding), so both maps share rows and columns and can be subtracted: red where A looked more, "
                    "blue where B did. When the models cut text into different pieces, both maps are regrouped into "
                    "words by the characters the pieces cover."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Runs"),
        [
            (
                QT_TR_NOOP("Overlay"),
                QT_TR_NOOP(
                    "Tick runs to draw their curves on the same axes (train loss, dev BLEU and chrF, tokens/s), by step "
                    "or by training time. The legend names each run's key settings (cell, size, attention, decoder, "
                    "batch, learning rate)."
                ),
            ),
        ],
    ),
    (
        QT_TR_NOOP("Model"),
        [
            (
                QT_TR_NOOP("Summary and history"),
                QT_TR_NOOP(
                    "What the loaded model is (architecture, sizes, vocabulary, training settings and "
                    "data) and the curves of the run that trained it."
                ),
            ),
        ],
    ),
]


def guide_html() -> str:
    parts = [tr("<h2>Seq2Seq Studio — guide to the views</h2>")]
    for view, items in VIEWS:
        parts.append(f"<h3>{tr(view)}</h3><dl>")
        parts.extend(f"<dt><b>{tr(name)}</b></dt><dd>{tr(text)}</dd>" for name, text in items)
        parts.append("</dl>")
    parts.append("<h3>{title}</h3><dl>".format(title=tr("Training options")))
    parts.extend(f"<dt><b>{html.escape(name)}</b></dt><dd>{html.escape(text)}</dd>" for name, text in options_help())
    parts.append("</dl>")
    return "".join(parts)


class GuideDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Seq2Seq Studio — guide"))
        self.resize(720, 640)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
