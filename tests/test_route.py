"""RouteCutter gives jieba's exact-mode words (HMM off) over a fixed dictionary, on real notices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.classify.features import jieba_module
from nlp.classify.persistence import _read_words
from nlp.classify.route import RouteCutter

ROOT = Path(__file__).resolve().parents[1]
WORDS = ROOT / "models" / "words.txt"


def _real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    for path in sorted((ROOT / "corpus" / "real").glob("*.jsonl")):
        texts += [json.loads(line).get("text") or "" for line in path.read_text(encoding="utf-8").splitlines()]
    return texts


def _jieba(words: dict[str, int], folder: Path):
    dictionary = folder / "dict.txt"
    dictionary.write_text("".join(f"{w} {f}\n" for w, f in words.items()), encoding="utf-8")
    tokenizer = jieba_module().Tokenizer(dictionary=str(dictionary))
    tokenizer.tmp_dir = str(folder)
    return tokenizer


def test_same_words_as_jieba_on_every_real_notice(tmp_path):
    words = _read_words(WORDS)
    texts = _real_texts()
    assert len(texts) > 300 and sum(map(len, texts)) > 200_000
    jieba, ours = _jieba(words, tmp_path), RouteCutter(words)
    differing = [i for i, text in enumerate(texts) if jieba.lcut(text, HMM=False) != ours.cut(text)]
    assert differing == []


@pytest.mark.parametrize("text", [
    "整改情况通报",            # overlapping words: the route, not the longest match, decides
    "整改情",                  # a word cut short by the end of the block
    "abc12整改 de\r\nf",       # letters and digits joined, blanks kept, \r\n one token
    "改整改",                  # a one-character word that also starts nothing
    "",
])
def test_one_character_words_and_edges_as_jieba(tmp_path, text):
    words = {"整改": 5, "整改情况": 3, "情况": 4, "情况通报": 2, "通报": 6, "改": 3, "整": 1}
    assert RouteCutter(words).cut(text) == _jieba(words, tmp_path).lcut(text, HMM=False)
