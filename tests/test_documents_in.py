"""Whatever the format, the same notice gives the same record: the reference notice as a typeset
PDF, a government web page, a Word file, a Word file with its issues in a ledger table and an
.xlsx ledger, each compared with the plain-text file's record."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from documents import (
    make_docx,
    make_government_page,
    make_ledger_docx,
    make_ledger_pdf,
    make_ledger_xlsx,
    make_typeset_pdf,
)

import nlp
from nlp.ledger import stated_label

REFERENCE = nlp.load("reference")
TEXT_RECORD = nlp.to_record(nlp.parse(REFERENCE))
LABELS = nlp.load("reference-pairs")
STATED = {"completed": "已完成", "ongoing": "持续推进", "unclear": ""}
HEADER = ("issuer", "inspected_unit", "inspection_body", "inspection_start", "inspection_end", "feedback_date",
          "publish_date")


def _ledger_rows() -> list[list[str]]:
    rows = [["序号", "巡察反馈问题", "整改落实情况", "完成情况"]]
    for pair, label in zip(TEXT_RECORD["pairs"], LABELS, strict=True):
        rows.append([str(pair["index"]), pair["issue"]["text"], pair["response"]["text"], STATED[label["status"]]])
    return rows


def _around_the_list() -> tuple[list[str], list[str]]:
    """The notice's lines before its issue list (through the part heading) and after its last response."""
    text, pairs = REFERENCE.text, TEXT_RECORD["pairs"]
    start = text.rfind("\n", 0, pairs[0]["heading"]["start"])
    return text[:start].splitlines(), text[pairs[-1]["response"]["end"]:].splitlines()


def _documents() -> dict[str, tuple[str, bytes]]:
    before, after = _around_the_list()
    title = "中共汕头市民政局党组关于巡察整改情况的通报"
    return {
        "pdf": ("notice.pdf", make_typeset_pdf(REFERENCE.text)),
        "web page": ("notice.html", make_government_page(REFERENCE.text, title, "2023-10-13", "汕头市民政局")),
        "word": ("notice.docx", make_docx(REFERENCE.text)),
        "word ledger": ("ledger.docx", make_ledger_docx(before, _ledger_rows(), after)),
        "xlsx ledger": ("ledger.xlsx", make_ledger_xlsx("汕头市民政局巡察反馈问题整改台账", _ledger_rows())),
        "pdf ledger": ("ledger.pdf", make_ledger_pdf("汕头市民政局巡察反馈问题整改台账", _ledger_rows())),
    }


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("formats")
    out = {}
    for kind, (name, content) in DOCUMENTS.items():
        path = folder / name
        path.write_bytes(content)
        out[kind] = nlp.to_record(nlp.parse(nlp.read(path)))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _f1(gold: list[tuple], pred: list[tuple]) -> float:
    hits = sum((Counter(gold) & Counter(pred)).values())
    return 2 * hits / (len(gold) + len(pred)) if gold or pred else 1.0


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_same_pairs_and_responses(records: dict[str, dict], kind: str) -> None:
    record = records[kind]
    assert [p["issue"]["text"] for p in record["pairs"]] == [p["issue"]["text"] for p in TEXT_RECORD["pairs"]]
    same = sum(_squash(a["response"]["text"]) == _squash(b["response"]["text"])
               for a, b in zip(record["pairs"], TEXT_RECORD["pairs"], strict=True))
    assert same >= 78
    for pair in record["pairs"]:
        for part in ("issue", "response", "heading"):
            assert record["text"][pair[part]["start"]:pair[part]["end"]] == pair[part]["text"]


@pytest.mark.parametrize("kind", ["pdf", "web page", "word", "word ledger"])
def test_header_fields_where_the_format_carries_them(records: dict[str, dict], kind: str) -> None:
    assert {k: records[kind]["meta"][k] for k in HEADER} == {k: TEXT_RECORD["meta"][k] for k in HEADER}


@pytest.mark.parametrize("kind", ["pdf", "web page", "word", "word ledger"])
@pytest.mark.parametrize(("key", "value"), [("dates", "value"), ("money", "yuan"), ("titles", "text")])
def test_entities_match_the_text_file(records: dict[str, dict], kind: str, key: str, value: str) -> None:
    gold = [(m["text"], m[value]) for m in TEXT_RECORD[key]]
    pred = [(m["text"], m[value]) for m in records[kind][key]]
    assert _f1(gold, pred) >= 0.97


@pytest.mark.parametrize("kind", ["xlsx ledger", "pdf ledger"])
@pytest.mark.parametrize(("key", "value"), [("money", "yuan"), ("titles", "text")])
def test_entities_of_the_ledger_pairs(records: dict[str, dict], kind: str, key: str, value: str) -> None:
    """A ledger alone holds only the rows (no header to infer left-out years from): amounts and titles
    of the pairs are compared."""
    def mentions(record: dict) -> list[tuple]:
        return [(m["text"], m[value]) for p in record["pairs"] for m in p["mentions"][key]]

    assert _f1(mentions(TEXT_RECORD), mentions(records[kind])) >= 0.97


@pytest.mark.parametrize("kind", ["word ledger", "xlsx ledger", "pdf ledger"])
def test_status_from_the_ledger_column(records: dict[str, dict], kind: str) -> None:
    for pair, label in zip(records[kind]["pairs"], LABELS, strict=True):
        if STATED[label["status"]]:
            assert (pair["status"]["label"], pair["status"]["cue"]) == (label["status"], "ledger")
            assert stated_label(pair["stated_status"]["text"]) == label["status"] and pair["status"]["predicted"]
        else:
            assert pair["status"].get("cue") != "ledger"


def test_pdf_pairs_know_their_pages(records: dict[str, dict]) -> None:
    record = records["pdf"]
    assert record["source"]["pages"] > 10 and "巡察整改情况通报" not in record["text"]
    pages = [p["pages"] for p in record["pairs"]]
    assert pages[0][0] >= 1 and all(a[0] <= b[0] for a, b in itertools.pairwise(pages))
    assert pages[-1][-1] <= record["source"]["pages"]


def test_web_page_keeps_the_notice_and_the_page_facts(records: dict[str, dict]) -> None:
    record = records["web page"]
    for furniture in ("当前位置", "索引号", "浏览次数", "相关文章", "ICP备", "不是正文"):
        assert furniture not in record["text"]
    assert record["meta"]["title"] == "中共汕头市民政局党组关于巡察整改情况的通报"
    assert record["source"]["published"] == "2023-10-13" and record["source"]["publisher"] == "汕头市民政局"
    assert record["source"]["attachments"] == [{"href": "/files/tz.pdf", "text": "巡察整改台账.pdf"}]


def test_ledger_csv_is_read_like_the_workbook(tmp_path: Path) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(_ledger_rows())
    path = tmp_path / "ledger.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    record = nlp.to_record(nlp.parse(nlp.read(path), classify=False))
    assert [p["issue"]["text"] for p in record["pairs"]] == [p["issue"]["text"] for p in TEXT_RECORD["pairs"]]
