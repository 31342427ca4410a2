"""When a translation is marked low confidence: the rule, in one place (the Translate tab shows it).

Two signs, either one enough:
- the model was unsure: the average log-probability per output piece is below
  LOW_CONFIDENCE_LOG_PROB (models/translator.py; a geometric-mean piece probability of 0.37);
- the input is far longer than the sentences it learnt from: more than LONG_SOURCE_PIECES source
  pieces. Over a long output the average is diluted by the many easy pieces (articles,
  punctuation) a fluent guess still gets right, so a long out-of-domain sentence decoded by beam
  search can stay above the first mark (−0.83 per piece on a 45-word one).

The per-piece minimum was measured too and separates less well: a threshold low enough to catch
every long out-of-domain sentence would mark about one in-domain output in twenty (the worst
piece of a fluent guess is often no less likely than that of a short, well-translated sentence).
`python bench/confidence_rule.py` measures the rule on the bundled models: the Tatoeba test split
(in domain) and long sentences of other domains; docs/benchmarks.md has the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.translator import LOW_CONFIDENCE_LOG_PROB, Translation

# Above the 99.99th percentile of the bundled models' Tatoeba training sentences (44 source pieces
# en→fr, 39 en→zh) and the longest sentence of their test splits (45): in-domain text is not
# marked for its length, an input this long is outside what the model saw.
LONG_SOURCE_PIECES = 48


@dataclass(frozen=True)
class Confidence:
    mean_log_prob: float  # per output piece, </s> included
    source_pieces: int
    mean_mark: float
    long_mark: int
    unsure: bool  # the mean is below its mark
    long_input: bool  # the source is longer than long_mark pieces

    @property
    def low(self) -> bool:
        return self.unsure or self.long_input


def assess(
    translation: Translation, mean_mark: float = LOW_CONFIDENCE_LOG_PROB, long_mark: int = LONG_SOURCE_PIECES
) -> Confidence:
    """How far to trust the best output of `translation` (see the module's rule)."""
    mean = translation.best.mean_log_prob
    pieces = len(translation.source_pieces)
    return Confidence(mean, pieces, mean_mark, long_mark, unsure=mean < mean_mark, long_input=pieces > long_mark)
