import pytest

from models.corpus import load_corpus, normalize
from models.corpus.builtin import generate, kinds
from models.corpus.dataset import load_pairs_for_evaluation, split_by_source
from models.errors import CorpusError


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_normalize_nfc_and_no_break_spaces():
    assert normalize("Qui\u202f? Ça\u00a0va\u00a0!  ") == "Qui ? Ça va !"
    assert normalize("e\u0301t\u00e9") == "été"


def test_tsv_extra_columns_ignored_and_duplicates_counted(tmp_path):
    path = write(tmp_path, "p.tsv", "Hi.\tSalut.\tCC-BY\nHi.\tSalut.\nRun!\tCours\u202f!\nOne\t\n")
    corpus = load_corpus(str(path))
    assert sorted(corpus.train) == [("Hi.", "Salut."), ("Run!", "Cours !")]  # the CC-BY column is dropped
    assert corpus.skipped.counts == {"duplicate pair": 1, "empty side": 1}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\xff\xfehello\tbonjour\n", "line 1"),
        (b"good\tbon\n\xe9t\xe9\t\xe9t\xe9\n", "line 2"),
        (b"good\tbon\nno tab here\n", "line 2"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_bad_files_name_file_and_line(tmp_path, content, message):
    path = write(tmp_path, "bad.tsv", content)
    with pytest.raises(CorpusError) as err:
        load_corpus(str(path))
    assert "bad.tsv" in str(err.value) and message in str(err.value)


def test_missing_file_and_unknown_builtin(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(str(tmp_path / "nope.tsv"))
    with pytest.raises(CorpusError, match="builtin:en-fr"):
        load_corpus("builtin:xx-yy")


def test_moses_pair_and_mismatched_counts(tmp_path):
    src = write(tmp_path, "a.src", "one\ntwo\nthree\n")
    tgt = write(tmp_path, "a.tgt", "un\ndeux\ntrois\n")
    assert len(load_corpus(str(src)).all_pairs) >= 3
    assert len(load_corpus(f"{src},{tgt}").train) == 3
    write(tmp_path, "a.tgt", "un\ndeux\n")
    with pytest.raises(CorpusError, match="3 lines but"):
        load_corpus(f"{src},{tgt}")


def test_split_groups_by_source():
    pairs = [(f"s{i}", f"t{i}-{j}") for i in range(200) for j in range(3)]
    train, dev, test = split_by_source(pairs, dev_size=10, test_size=20, seed=1)
    train_src, dev_src, test_src = {s for s, _ in train}, {s for s, _ in dev}, {s for s, _ in test}
    assert not (train_src & dev_src) and not (train_src & test_src) and not (dev_src & test_src)
    assert len(dev) == 10 and len(test) == 20 and len(train) == 170 * 3
    assert split_by_source(pairs, 10, 20, seed=1) == (train, dev, test)


def test_evaluation_pairs_of_a_file_are_the_whole_file(tmp_path):
    path = write(tmp_path, "t.tsv", "".join(f"w{i}\tm{i}\n" for i in range(50)))
    assert len(load_pairs_for_evaluation(str(path))) == 50


def test_builtin_generator_deterministic_distinct_and_balanced():
    rows = generate("fr", size=3000, seed=5)
    assert rows == generate("fr", size=3000, seed=5)
    assert len(rows) == 3000 and len({s for s, _, _ in rows}) == 3000
    counts = {}
    for _, _, kind in rows:
        counts[kind] = counts.get(kind, 0) + 1
    assert {"date", "date range", "relative time", "currency", "quantity", "cardinal", "ordinal"} <= set(counts)
    big = [n for k, n in counts.items() if k not in ("names", "relative time")]
    assert max(big) - min(big) <= max(big) * 0.5


def test_builtin_pairs_are_correct_forms():
    import random

    rng = random.Random(0)
    seen = [kinds.relative_time(rng, "fr") for _ in range(3000)]
    pairs = dict(p[:2] for p in seen if p)
    assert pairs["in 29 days"] == "dans 29 jours"  # digits stay digits
    spelled = {en: fr for en, fr in pairs.items() if en.endswith("days ago") and not en[0].isdigit()}
    assert spelled and all(fr.startswith("il y a ") and fr.endswith(" jours") for fr in spelled.values())
    # feminine units never get a masculine "un"
    assert not any(t.endswith(("un heures", "un minutes", "un semaines")) for t in pairs.values())
    assert all(
        not t.startswith("hace") or " uno " not in t
        for t in dict(p[:2] for p in (kinds.relative_time(rng, "es") for _ in range(2000)) if p).values()
    )
    # French writes "1er": CLDR's "1" is never emitted for the first of a month
    dates = [kinds.date(random.Random(seed), "fr") for seed in range(400)]
    assert None in dates  # first days were drawn, and dropped
    assert all(" 1 " not in f" {d[1]} " for d in dates if d)


def test_builtin_chinese_has_no_spaces_to_split_on():
    rows = generate("zh", size=400, seed=1)
    dates = [t for _, t, k in rows if k == "date"]
    assert dates and all("年" in t and " " not in t for t in dates)
