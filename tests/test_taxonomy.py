"""The taxonomy file: shape, and every cue fires on its example and yields its label."""

from __future__ import annotations

import pytest

from nlp.classify.rules import domain_rules, label_matches, measure_rules, status_rule
from nlp.classify.taxonomy import AXES, TaxonomyError, load_taxonomy
from nlp.normalize import shadow

TAX = load_taxonomy()


def _cue_table(axis_name: str) -> list[tuple[str, str, str]]:
    axis = TAX.axis(axis_name)
    return [(label.id, cue.source, cue.example) for label in axis.labels for cue in label.cues]


def _anti_cues() -> dict[tuple[str, str], object]:
    """Every anti-cue, keyed by (owner, pattern): owner is an axis (axis-wide) or a label id."""
    found = {}
    for axis_name in AXES:
        axis = TAX.axis(axis_name)
        found.update({(axis_name, cue.source): cue for cue in axis.anti_cues})
        found.update({(label.id, cue.source): cue for label in axis.labels for cue in label.anti_cues})
    return found


ANTI = _anti_cues()


def test_default_has_the_spec_label_sets():
    assert len(TAX.domain.labels) == 10
    assert len(TAX.measure.labels) == 13
    assert TAX.status.ids == ["ongoing", "unclear", "completed"]


@pytest.mark.parametrize("axis", AXES)
def test_every_label_has_a_name_cues_and_an_example(axis):
    for label in TAX.axis(axis).labels:
        assert label.name and label.definition and label.cues and label.examples, label.id


@pytest.mark.parametrize(("label", "source", "example"), _cue_table("measure"))
def test_measure_cue_fires_and_yields_its_label(label, source, example):
    cue = next(c for c in TAX.measure.label(label).cues if c.source == source)
    assert cue.finditer(shadow(example)), source
    assert label in [hit.label for hit in measure_rules(f"{example}。")]


@pytest.mark.parametrize(("label", "source", "example"), _cue_table("domain"))
def test_domain_cue_fires_and_yields_its_label(label, source, example):
    score, cues = domain_rules(example)[label]
    assert score > 0 and cues, source


@pytest.mark.parametrize(("label", "source", "example"), _cue_table("status"))
def test_status_cue_fires_and_yields_its_label(label, source, example):
    assert status_rule(f"{example}。", []).label == label


@pytest.mark.parametrize(("owner", "source"), sorted(ANTI))
def test_anti_cue_fires_on_its_example(owner, source):
    cue = ANTI[(owner, source)]
    assert cue.finditer(shadow(cue.example)), source


def test_measure_anti_cues_block_the_cues_they_cover():
    assert measure_rules("今后将加强业务培训。") == []
    assert measure_rules("加强业务培训,提升能力。") == []
    assert "coordination" not in [h.label for h in measure_rules("向市政府请示协调事项。")]


@pytest.mark.parametrize("label", TAX.measure.ids)
def test_every_measure_label_example_yields_it(label):
    for example in TAX.measure.label(label).examples:
        assert label in [hit.label for hit in measure_rules(example)]


@pytest.mark.parametrize("label", TAX.status.ids)
def test_every_status_label_example_yields_it(label):
    for example in TAX.status.label(label).examples:
        assert status_rule(example, []).label == label


@pytest.mark.parametrize("label", TAX.domain.ids)
def test_every_domain_label_example_yields_it(label):
    for example in TAX.domain.label(label).examples:
        scores = domain_rules(example)
        assert max(scores, key=lambda k: scores[k][0]) == label, example


def test_stock_phrases_never_decide_the_status():
    assert status_rule("举一反三,进一步完善制度,今后将常态化开展。", ["rule_making"]).cue is None


def test_anti_cues_suppress_matches():
    study = TAX.measure.label("study_training")
    assert label_matches(study, "3名同志跟班学习") == []


MINIMAL = """
domain:
  labels: [{id: a, name: 甲, cues: [资金]}]
measure:
  labels: [{id: m, name: 措施, cues: [{re: "约谈", ex: "约谈负责人"}]}]
status:
  labels: [{id: done, name: 完成, cues: [已完成]}]
  default: {finished: done, otherwise: done}
"""


def test_a_user_file_replaces_the_default(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    tax = load_taxonomy(path)
    assert tax.domain.ids == ["a"] and tax.measure.label("m").cues[0].example == "约谈负责人"
    assert [h.label for h in measure_rules("专题约谈负责人。", tax)] == ["m"]


@pytest.mark.parametrize("bad", [
    "domain: {labels: []}",
    MINIMAL.replace('{re: "约谈", ex: "约谈负责人"}', '{re: "约谈"}'),
    MINIMAL.replace('{re: "约谈"', '{re: "(约谈"'),
    MINIMAL.replace("otherwise: done", "otherwise: nope"),
    MINIMAL.replace("{id: a, name: 甲, cues: [资金]}", "{id: a, cues: [资金]}"),
])
def test_malformed_files_raise_a_clear_error(tmp_path, bad):
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(TaxonomyError):
        load_taxonomy(path)
