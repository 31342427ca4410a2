"""The Learn tab's lessons: data files in resources/lessons/ (see its README), read here into
typed `Lesson`s, and the live answers to their questions, read from a translation the model
just made. No Qt: the Learn panel draws what this module gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

LESSONS_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "lessons"
VIEWS = ("translate", "steps", "inside/attention-math", "inside/exposure", "inside/hidden-states",
         "inside/embeddings", "compare")  # fmt: skip
METHODS = ("greedy", "beam")
MAX_LESSON_BYTES = 64 << 10  # a lesson is a page of text


class LessonError(ValueError):
    """A lesson file that cannot be used, with the file and the reason."""


@dataclass(frozen=True)
class Question:
    text: str
    answer: str  # the live answer's kind and argument, e.g. "most_weighted_source 3"


@dataclass(frozen=True)
class Lesson:
    key: str  # the file's stem, e.g. "03-attention-softmax": the order and the progress record
    title: str
    body: str  # Markdown
    model: str  # a bundled model's name
    sentence: str
    view: str  # one of VIEWS
    method: str = "greedy"
    step: int = 1
    compare_with: str = ""
    experiment: str = ""
    questions: tuple[Question, ...] = field(default_factory=tuple)


def _split(path: Path) -> tuple[list[tuple[str, str]], str]:
    """(header's key-value lines in order, body) of a lesson file."""
    try:
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise LessonError(f"{path}: more than {MAX_LESSON_BYTES >> 10} KB; a lesson is a page")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LessonError(f"{path}: cannot be read ({err})") from None
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    if not match:
        raise LessonError(f"{path}: a lesson starts with a header between two '---' lines")
    header = []
    for number, line in enumerate(match.group(1).splitlines(), start=2):
        key, sep, value = line.partition(":")
        if not sep or not key.strip().isidentifier():
            raise LessonError(f"{path}, line {number}: expected 'key: value', got {line!r}")
        header.append((key.strip(), value.strip().strip('"')))
    return header, match.group(2).strip()


def read_lesson(path: Path, language: str = "en") -> Lesson:
    """The lesson in `path` (the English file), its title, body and questions in `language`
    where a NAME.<language>.md file exists beside it."""
    header, body = _split(path)
    values = dict(header)
    asks = [value for key, value in header if key == "ask"]
    questions = []
    for ask in asks:
        text, sep, answer = ask.rpartition(" = ")
        if not sep or answer.split()[0] not in ANSWERS:
            raise LessonError(f"{path}: the question {ask!r} needs ' = ' and one of: {', '.join(ANSWERS)}")
        questions.append(Question(text.strip(), answer.strip()))
    missing = [key for key in ("title", "model", "sentence", "view") if not values.get(key)]
    if missing:
        raise LessonError(f"{path}: the header lacks {', '.join(missing)}")
    if values["view"] not in VIEWS:
        raise LessonError(f"{path}: view {values['view']!r} is not one of {', '.join(VIEWS)}")
    method = values.get("method", "greedy")
    if method not in METHODS:
        raise LessonError(f"{path}: method {method!r} is not one of {', '.join(METHODS)}")
    step = values.get("step", "1")
    if not (step.isascii() and step.isdigit() and int(step) >= 1):
        raise LessonError(f"{path}: step must be a whole number from 1, not {step!r}")
    title = values["title"]
    translated = path.with_name(f"{path.stem}.{language}.md")
    if language != "en" and translated.is_file():
        local, body = _split(translated)
        local_asks = [value for key, value in local if key == "ask"]
        if len(local_asks) != len(questions):
            raise LessonError(f"{translated}: {len(local_asks)} questions, the English file has {len(questions)}")
        title = dict(local).get("title") or title
        body = _join_unspaced_lines(body)
        questions = [Question(text, q.answer) for text, q in zip(local_asks, questions, strict=True)]
    return Lesson(
        key=path.stem, title=title, body=body, model=values["model"], sentence=values["sentence"],
        view=values["view"], method=method, step=int(step), compare_with=values.get("compare_with", ""),
        experiment=values.get("experiment", ""), questions=tuple(questions),
    )  # fmt: skip


# A line break between two characters of a script written without spaces (Chinese and its
# punctuation, emphasis marks between): Markdown would turn it into a space inside a sentence.
_CJK = "\u2014\u2018-\u201f\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_UNSPACED_BREAK = re.compile(f"([{_CJK}][*_]{{0,2}})\n[ \t]*([*_]{{0,2}}[{_CJK}])")


def _join_unspaced_lines(body: str) -> str:
    return _UNSPACED_BREAK.sub(r"\1\2", body)


def lessons(language: str = "en", folder: Path = LESSONS_FOLDER) -> list[Lesson]:
    """Every lesson in `folder`, in file-name order."""
    return [read_lesson(path, language) for path in sorted(folder.glob("*.md"))
            if path.name != "README.md" and path.suffixes == [".md"]]  # fmt: skip


# ----------------------------------------------------------------- live answers
def _row(translation, step: int) -> np.ndarray:
    attention = translation.nbest[0].attention
    if attention is None:
        raise LookupError("this model has no attention to read")
    if not 1 <= step <= attention.shape[0]:
        raise LookupError(f"the translation has {attention.shape[0]} steps, not {step}")
    return attention[step - 1]  # (src_len,)


def _output_piece(translation, step: str) -> str:
    pieces = translation.nbest[0].pieces
    index = int(step) - 1
    if not 0 <= index < len(pieces):
        raise LookupError(f"the translation has {len(pieces)} pieces, not {index + 1}")
    return pieces[index]


def _most_weighted_source(translation, step: str) -> str:
    row = _row(translation, int(step))
    best = int(row.argmax())
    return f"{translation.source_pieces[best]} ({row[best]:.2f})"


def _weights_sum(translation, step: str) -> str:
    return f"{float(_row(translation, int(step)).sum()):.4f}"


def _source_pieces(translation) -> str:
    return f"{len(translation.source_pieces)}: {' '.join(translation.source_pieces)}"


def _output_pieces(translation) -> str:
    return f"{len(translation.nbest[0].pieces)}: {' '.join(translation.nbest[0].pieces)}"


def _second_best(translation) -> str:
    if len(translation.nbest) < 2:
        raise LookupError("the beam kept only one complete translation")
    entry = translation.nbest[1]
    return f"{entry.text} (score {entry.score:.3f})"


ANSWERS: dict[str, Callable[..., str]] = {
    "output_piece": _output_piece,
    "most_weighted_source": _most_weighted_source,
    "weights_sum": _weights_sum,
    "source_pieces": _source_pieces,
    "output_pieces": _output_pieces,
    "second_best": _second_best,
}


WORD_START = "\u2581"  # sentencepiece's mark; the views draw it as "·"


def answer(question: Question, translation) -> str:
    """The question's answer read from `translation` (a models.translator.Translation), with
    word starts marked "·" as the views mark them."""
    kind, *args = question.answer.split()
    try:
        return ANSWERS[kind](translation, *args).replace(WORD_START, "·")
    except LookupError as err:
        return f"({err})"
