"""Parallel corpora: reading, validation, normalisation, splitting and built-in generators."""

from models.corpus import builtin  # noqa: F401 - registers the "builtin:" corpora with load_corpus
from models.corpus.dataset import Corpus, CorpusStats, SkipReport, load_corpus
from models.corpus.text import normalize

__all__ = ["Corpus", "CorpusStats", "SkipReport", "load_corpus", "normalize"]
