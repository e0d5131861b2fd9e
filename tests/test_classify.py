"""Classification: rules on synthetic responses, the hybrid on the seed pairs, models, spaCy."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from nlp.classify import Classifier, classify_pairs, load_classifier
from nlp.classify.persistence import ModelBundle
from nlp.classify.rules import measure_rules, status_rule
from nlp.classify.taxonomy import load_taxonomy
from nlp.classify.training import fit_bundle, format_cv_report, load_headings, load_pairs, score_predictions
from nlp.types import Pair, Span

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED_TEXT = (CORPUS / "shantou_minzheng_2023_xuncha_zhenggai.txt").read_text(encoding="utf-8")
SEED_PAIRS = load_pairs(CORPUS)


def labels(response: str) -> list[str]:
    return [hit.label for hit in measure_rules(response)]


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return load_classifier(ROOT / "models")


def seed_pairs() -> list[Pair]:
    pairs = []
    for i, row in enumerate(SEED_PAIRS, 1):
        h, r = SEED_TEXT.find(row["heading"]), SEED_TEXT.find(row["response"])
        issue = Span(row["heading"], h, h + len(row["heading"]))
        pairs.append(Pair(i, row["no"], [row["no"]], 1, "issue", issue,
                          Span(row["response"], r, r + len(row["response"])), issue))
    return pairs


# -- rules on synthetic responses ---------------------------------------------------------------

@pytest.mark.parametrize(("response", "expected"), [
    ("一是制定印发《信访工作办法》;二是组织开展专项排查。", ["rule_making", "inspection"]),
    ("召开党组会议传达学习上级文件精神。", ["study_training"]),
    ("局党组会议研究部署整改工作,明确各科室职责。", ["organization"]),
    ("组成检查组开展专项检查。", ["inspection"]),
    ("今后将加强业务培训,严格落实制度。", []),
    ("加强干部教育管理。", []),
    ("3名同志在局机关跟班学习。", []),
    ("形成专题请示,提请市政府决定。", []),
    ("印发《关于调整保密工作领导小组的通知》,调整领导小组成员。", ["organization"]),
    ("将结余资金上缴市财政,清退多发资金。", ["funds_recovery"]),
    ("租金未按规定上缴市财政。", []),
    ("专题约谈相关负责人,并与承接方重新签订协议。", ["accountability", "case_correction"]),
    ("会同财政部门建立数据共享机制,建立整改台账,每季度通报进展。", ["coordination", "long_term_mechanism"]),
    ("开通网上缴费功能,制作公益宣传片。", ["service_improvement", "publicity"]),
    ("召开专题民主生活会,开展谈心谈话。", ["party_life"]),
    ("3个公墓已建成并投入使用。", ["project_delivery"]),
])
def test_measure_rules_on_synthetic_responses(response, expected):
    assert labels(response) == expected


def test_measures_are_ordered_by_first_mention():
    assert labels("一是开展排查;二是印发《办法》;三是约谈负责人。") == ["inspection", "rule_making", "accountability"]


@pytest.mark.parametrize(("response", "measures", "expected"), [
    ("已完成整改。", [], "completed"),
    ("印发《管理办法》。", ["rule_making"], "completed"),
    ("拟计划分期建设。", [], "ongoing"),
    ("待新政策出台后确定人员去向。", ["rule_making"], "ongoing"),
    ("目前6个项目已有实质性进展。", [], "ongoing"),
    ("主动对接财政部门,落实整改,确保妥善处理。", ["coordination"], "unclear"),
    ("及时学习上级精神,做好结合。", ["study_training"], "unclear"),
    ("举一反三,进一步完善制度,今后将常态化开展检查。", ["rule_making"], "completed"),
])
def test_status_rules(response, measures, expected):
    assert status_rule(response, measures).label == expected


# -- the hybrid on the seed pairs ---------------------------------------------------------------

def test_classify_pairs_fills_the_contract(classifier):
    pairs = seed_pairs()
    classify_pairs(pairs, SEED_TEXT, classifier)
    domain_ids, measure_ids = set(load_taxonomy().domain.ids), set(load_taxonomy().measure.ids)
    for pair in pairs:
        assert pair.domain.label in domain_ids and 0 <= pair.domain.score <= 1
        assert pair.domain.name and isinstance(pair.domain.explain, list)
        assert pair.status.label in {"completed", "ongoing", "unclear"}
        for measure in pair.measures:
            assert measure.label in measure_ids and measure.name and measure.cues
            assert SEED_TEXT[measure.start:measure.end] == measure.evidence
        starts = [m.start for m in pair.measures]
        assert starts == sorted(starts)
        assert len({m.label for m in pair.measures}) == len(pair.measures)
        if pair.status.evidence:
            assert SEED_TEXT[pair.status.start:pair.status.end] == pair.status.evidence


def test_hybrid_agrees_with_the_seed_annotations(classifier):
    # the shipped models saw these pairs: this checks wiring, not generalisation (see test_classify_gold)
    pred = [{"domain": out.domain.label, "measures": [m.label for m in out.measures], "status": out.status.label}
            for out in (classifier.classify(p["heading"], p["response"]) for p in SEED_PAIRS)]
    scores = score_predictions(SEED_PAIRS, pred)
    assert scores["domain_acc"] >= 0.9 and scores["measure_f1"] >= 0.9 and scores["status_acc"] >= 0.9


def test_classification_is_deterministic(classifier):
    first, second = seed_pairs(), seed_pairs()
    classify_pairs(first, SEED_TEXT, classifier)
    classify_pairs(second, SEED_TEXT, load_classifier(ROOT / "models"))
    dump = lambda pairs: json.dumps([asdict(p) for p in pairs], ensure_ascii=False)  # noqa: E731
    assert dump(first) == dump(second)


def test_empty_response(classifier):
    issue = Span("涉密载体未登记造册", 0, 9)
    pair = Pair(1, "(一)", ["(一)"], 1, "issue", issue, Span("", 9, 9), issue)
    classify_pairs([pair], "涉密载体未登记造册", classifier)
    assert pair.domain.label == "assets_security"
    assert pair.measures == [] and pair.status.label == "unclear" and pair.status.score < 0.5


def test_low_domain_score_needs_review():
    out = Classifier(models=None).classify("情况说明", "")
    assert out.domain.needs_review is True


def test_modes_without_models_fall_back_to_rules():
    assert Classifier(models=None, mode="hybrid").mode == "rules"
    with pytest.raises(ValueError):
        Classifier(models=None, mode="magic")


def test_models_round_trip(tmp_path):
    rows = SEED_PAIRS[:40]
    bundle = fit_bundle(rows, load_headings(CORPUS)[:20], load_taxonomy(), tmp_path / "words.txt")
    bundle.save(tmp_path)
    loaded = ModelBundle.load(tmp_path)
    a, b = Classifier(models=bundle), Classifier(models=loaded)
    for row in SEED_PAIRS[40:50]:
        assert a.classify(row["heading"], row["response"]) == b.classify(row["heading"], row["response"])


def test_cv_report_table():
    pair_figures = {"measure_p": 0.7, "measure_r": 0.6, "measure_f1": 0.65, "status_acc": 0.85}
    domain_figures = {"domain_acc": 0.9, "domain_macro_f1": 0.8, "domain_ece": 0.05}
    table = format_cv_report({"k": 5, "domain": {"n": 300, "notices": 40, "variants": {"rules": domain_figures,
                                                                                     "hybrid": domain_figures}},
                              "pairs": {"n": 80, "variants": {"rules": pair_figures, "hybrid": pair_figures}}})
    assert "grouped by notice" in table and "40 notices" in table
    assert "规则 rules-only" in table and "混合 hybrid" in table and "0.650" in table and "0.900" in table


# -- spaCy --------------------------------------------------------------------------------------

def test_spacy_component_puts_pairs_and_entities_on_the_doc():
    pytest.importorskip("spacy")
    from nlp.adapters.spacy_component import make_nlp

    nlp = make_nlp()
    assert "zhenggai" in nlp.pipe_names
    doc = nlp(SEED_TEXT)
    assert len(doc.spans["issues"]) == len(doc.spans["responses"]) == 80
    assert doc.spans["issues"][0].label_ == "public_service"
    assert {e.label_ for e in doc.ents} <= {"DATE", "MONEY", "TITLE"} and len(doc.ents) > 50
    ends = [e.end for e in doc.ents]
    assert all(e.start >= prev for e, prev in zip(list(doc.ents)[1:], ends, strict=False))


def test_reliability_diagram_is_a_png(tmp_path):
    from nlp.classify.training import write_reliability_diagram

    report = {"domain": {"scores": [[0.9, True], [0.8, True], [0.4, False], [0.6, True]]}}
    write_reliability_diagram(report, {"domain": [4.0, -2.0]}, tmp_path / "r.png")
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_shipped_models_carry_calibration_and_review_threshold(classifier):
    assert classifier.calibration.get("domain") and 0.5 < classifier.review_below < 1.0
