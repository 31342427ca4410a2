"""Lessons are data files: each one reads, in both languages, and each question's live answer
comes from a real translation by the lesson's model."""

import pytest

from app.lessons import ANSWERS, LESSONS_FOLDER, VIEWS, LessonError, answer, lessons, read_lesson
from models.bundled import BUNDLED


def test_every_lesson_reads_in_english_and_chinese_with_the_same_questions():
    english, chinese = lessons("en"), lessons("zh_CN")
    assert len(english) >= 10 and [lesson.key for lesson in english] == [lesson.key for lesson in chinese]
    for en, zh in zip(english, chinese, strict=True):
        assert en.view in VIEWS and en.body and zh.body != en.body and zh.title != en.title
        assert [q.answer for q in en.questions] == [q.answer for q in zh.questions] and en.questions
        assert (LESSONS_FOLDER / f"{en.key}.zh_CN.md").is_file()


def test_every_lesson_names_a_bundled_model_or_one_the_issue_plans():
    for lesson in lessons():
        for name in filter(None, (lesson.model, lesson.compare_with)):
            assert name in BUNDLED or name == "default-transformer-en-fr", (lesson.key, name)


@pytest.mark.parametrize("lesson", [lesson for lesson in lessons() if lesson.model in BUNDLED], ids=lambda x: x.key)
def test_each_questions_answer_is_read_from_the_lessons_own_translation(lesson):
    from models.checkpoint import load_checkpoint
    from models.config import DecodeConfig
    from models.translator import Translator

    translator = Translator(load_checkpoint(BUNDLED[lesson.model]))
    translation = translator.translate(
        lesson.sentence, DecodeConfig(method=lesson.method, nbest=3 if lesson.method == "beam" else 1)
    )
    for question in lesson.questions:
        text = answer(question, translation)
        assert text and not text.startswith("("), (lesson.key, question, text)
    if any(q.answer.startswith("weights_sum") for q in lesson.questions):
        assert answer(next(q for q in lesson.questions if q.answer.startswith("weights_sum")), translation) == "1.0000"


def test_a_malformed_lesson_gets_a_sentence_naming_the_file(tmp_path):
    cases = {
        "no-header.md": "Just text.",
        "bad-view.md": "---\ntitle: T\nmodel: default-en-fr\nsentence: Hi.\nview: elsewhere\n---\nBody",
        "bad-answer.md": "---\ntitle: T\nmodel: default-en-fr\nsentence: Hi.\nview: translate\nask: Why? = guess\n---\nB",
        "bad-step.md": "---\ntitle: T\nmodel: m\nsentence: Hi.\nview: translate\nstep: ٣\n---\nB",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(LessonError, match=name):
            read_lesson(tmp_path / name)
    assert set(ANSWERS) >= {"output_piece", "most_weighted_source", "weights_sum", "source_pieces", "second_best"}


def test_a_chinese_lesson_has_no_space_where_its_file_breaks_a_line():
    """Markdown makes a line break a space; inside a Chinese sentence the reader would see one."""
    import re

    for lesson in lessons("zh_CN"):
        assert not re.search("[\u4e00-\u9fff，。：；、]\n[ \t]*[\u4e00-\u9fff，。：；、“]", lesson.body), lesson.key
