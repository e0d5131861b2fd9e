"""The classifier on pairs written for evaluation only (tests/fixtures/heldout_*.tsv).

The cue rules were written while reading the reference notice, so cross-validation over its
80 pairs flatters them; these headings and responses were written separately, by the
taxonomy's definitions, and are never used in training.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from nlp.classify import load_classifier
from nlp.evaluate import calibration_error, prf


def rows(name: str) -> list[list[str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def test_heldout_heading_domains(classifier) -> None:
    headings = rows("heldout_headings.tsv")
    correct = sum(classifier.domain(heading, "").label == label for label, heading in headings)
    assert len(headings) >= 30
    assert correct / len(headings) >= 0.85


def test_heldout_measures_and_status(classifier) -> None:
    responses = rows("heldout_responses.tsv")
    status_ok, counts = 0, [0, 0, 0]
    for status, measures, response in responses:
        result = classifier.classify("", response)
        status_ok += result.status.label == status
        gold, predicted = set(measures.split(",")), {m.label for m in result.measures}
        counts = [counts[0] + len(gold & predicted), counts[1] + len(gold), counts[2] + len(predicted)]
    assert status_ok / len(responses) >= 0.75
    assert prf(*counts)[2] >= 0.8


def test_calibrated_domain_scores_are_closer_to_accuracy(classifier) -> None:
    results = [(classifier.domain(heading, ""), label) for label, heading in rows("heldout_headings.tsv")]
    correct = [d.label == label for d, label in results]
    calibrated = calibration_error([d.score for d, _ in results], correct)
    raw = calibration_error([d.raw_score for d, _ in results], correct)
    assert classifier.calibration, "zhenggai train stores Platt parameters with the models"
    assert calibrated < raw
