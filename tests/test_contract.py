"""The pipeline as a contract: public API, typed results, stateless components, shipped models
and schema, one error hierarchy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from dataclasses import fields
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES

import nlp
from nlp import errors
from nlp.bundled import load
from nlp.classify.linear import DomainModel, MeasureModel, StatusModel
from nlp.cli import main
from nlp.pipeline import COMPONENTS, Component, Pipeline, check_order
from nlp.record import SCHEMA, record_schema, to_record
from nlp.tables import load_table
from nlp.types import Summary

ROOT = Path(__file__).resolve().parents[1]
REAL = load("real")


def _texts(count: int) -> list[str]:
    """The reference notice and real notice openings (different lengths and layouts)."""
    return [load("reference").text] + [row["text"] for row in REAL[: count - 1]]


def _dump(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


# -- public API ---------------------------------------------------------------------------------

def test_readme_example_three_lines_one_import(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(load("reference").text, encoding="utf-8")
    from nlp import parse, read, to_record

    record = to_record(parse(read(path)))
    assert len(record["pairs"]) == 80 and record["meta"]["issuer"] == "中共汕头市民政局党组"


def test_public_names_resolve_and_import_nlp_stays_light() -> None:
    for name in nlp.__all__:
        assert getattr(nlp, name) is not None
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, nlp, nlp.cli; print(sorted(m for m in ('sklearn', 'spacy', 'pdfplumber', "
         "'numpy', 'jieba', 'nlp.pipeline') if m in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert heavy.stdout.strip() == "[]"


def test_unknown_dataset_names_the_available_ones() -> None:
    with pytest.raises(KeyError, match="reference"):
        load("nope")


# -- typed results --------------------------------------------------------------------------------

def test_summary_fields_match_the_key_figure_table() -> None:
    assert [f.name for f in fields(Summary)] == list(load_table("summary")["fields"])


def test_pairs_carry_typed_labels() -> None:
    notice = nlp.parse(load("reference"))
    pair = notice.pairs[0]
    assert isinstance(pair.domain, nlp.types.Label) and isinstance(pair.status, nlp.types.Label)
    assert all(isinstance(m, nlp.types.Measure) for m in pair.measures)
    assert isinstance(notice.summary, Summary)


# -- components -------------------------------------------------------------------------------------

def test_default_components_are_in_order() -> None:
    check_order(COMPONENTS)
    assert [c.name for c in Pipeline().components][-1] == "classify"


def test_a_component_whose_requirement_comes_later_is_refused() -> None:
    by_name = {c.name: c for c in COMPONENTS}
    reordered = [by_name[name] for name in ("structure", "dates", "entities", "meta")]
    with pytest.raises(ValueError, match="'dates' requires meta"):
        check_order(reordered)
    with pytest.raises(ValueError, match="requires nothing_sets_this"):
        check_order([Component("odd", lambda work: None, ("nothing_sets_this",))])


def test_two_threads_sharing_one_pipeline_match_sequential_runs() -> None:
    texts = _texts(12)
    sequential = [_dump(to_record(Pipeline()(t))) for t in texts]
    shared = Pipeline()
    results: dict[int, str] = {}

    def work(indices: list[int]) -> None:
        for _ in range(2):
            for i in indices:
                results[i] = _dump(to_record(shared(texts[i])))

    threads = [threading.Thread(target=work, args=(list(range(k, len(texts), 2)),)) for k in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[i] for i in range(len(texts))] == sequential


# -- models ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("model", "call"), [
    (DomainModel(), lambda m: m.predict_proba(["资金"], [""])),
    (MeasureModel(), lambda m: m.predict_proba(["印发制度"])),
    (StatusModel(), lambda m: m.predict_proba(["已完成"])),
])
def test_unfitted_models_say_so(model, call) -> None:
    with pytest.raises(errors.NotFittedError, match="not fitted"):
        call(model)
    assert model.c == 10.0 and not [k for k in vars(model) if k.endswith("_")]


def test_missing_or_damaged_models_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(errors.ModelError, match="no trained models"):
        Pipeline(models=tmp_path)
    (tmp_path / "classifier.npz").write_bytes(b"not a zip")
    (tmp_path / "classifier.json").write_text("{}", encoding="utf-8")
    with pytest.raises(errors.ModelError, match="damaged"):
        Pipeline(models=tmp_path)
    code = main(["parse", str(FIXTURES / "reference_layout.txt"), "--models", str(tmp_path)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "") and err.count("\n") == 1 and "damaged model files" in err


def test_rules_only_is_asked_for_and_said(capsys: pytest.CaptureFixture) -> None:
    code = main(["parse", str(FIXTURES / "reference_layout.txt"), "--rules-only", "--format", "json"])
    record = json.loads(capsys.readouterr().out)
    assert code == 0 and any("cue rules only" in w for w in record["warnings"])
    assert all(p["domain"]["label"] for p in record["pairs"])


def test_wheel_install_carries_models_and_gives_the_same_record(tmp_path: Path) -> None:
    """Built and installed as a wheel (not editable), the package parses as the checkout does."""
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    source = tmp_path / "source"  # a clean copy: a build/ folder left in the checkout must not fill the wheel
    for name in ("nlp", "models", "corpus"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "parts", "heldout*"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([*pip, "wheel", "--no-deps", str(source), "-w", str(tmp_path / "wheel")], check=True,
                   capture_output=True)
    wheel = next((tmp_path / "wheel").glob("zhenggai-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(tmp_path / "site"), str(wheel)], check=True,
                   capture_output=True)
    notice = tmp_path / "notice.txt"
    notice.write_text(load("reference").text, encoding="utf-8")
    code = ("import sys, json, nlp; from nlp.cli import main; assert nlp.__file__.startswith(sys.argv[1]); "
            "sys.exit(main(['parse', sys.argv[2], '--format', 'json']))")
    # -S: no .pth files, so the editable install of this checkout cannot supply a module the wheel lacks
    dependencies = next(p for p in sys.path if p.endswith("site-packages"))
    installed = subprocess.run([sys.executable, "-S", "-c", code, str(tmp_path / "site"), str(notice)], cwd=tmp_path,
                               env={"PYTHONPATH": f"{tmp_path / 'site'}:{dependencies}", "PATH": "/usr/bin:/bin"},
                               capture_output=True, text=True, check=True)
    assert installed.stderr == ""
    assert _dump(json.loads(installed.stdout)) == _dump(to_record(nlp.parse(nlp.read(notice))))


# -- schema ---------------------------------------------------------------------------------------

def test_shipped_schema_is_valid_and_names_the_contract() -> None:
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA == "zhenggai.notice/1"


def test_every_record_the_cli_writes_validates(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for i, text in enumerate(_texts(len(REAL) + 1)):
        (tmp_path / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    for fixture in FIXTURES.glob("*.txt"):
        (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    code = main(["parse", str(tmp_path), "--format", "jsonl"])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == "" and len(records) == len(REAL) + 1 + len(list(FIXTURES.glob("*.txt")))
    validator = jsonschema.Draft202012Validator(record_schema())
    for record in records:
        problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
        assert not problems, (record["source"]["path"], problems[:3])


# -- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ReadError", "FormatError", "LimitError", "TaxonomyError", "ModelError",
                                  "NotFittedError"])
def test_one_error_hierarchy(name: str) -> None:
    error = getattr(errors, name)
    assert issubclass(error, errors.ZhenggaiError)
    assert getattr(nlp, name, error) is error


def test_every_package_of_the_source_tree_is_declared() -> None:
    """A subpackage missing from pyproject.toml would be left out of the wheel."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "nlp").rglob("__init__.py")}
    assert found <= declared


def test_a_pairs_mentions_are_every_mention_inside_it_in_notice_order():
    """Per-pair mentions are found by bisection (a notice of thousands of pairs stays linear);
    they must be exactly the mentions a scan of all of them keeps."""
    checked = 0
    for text in _texts(40):
        record = to_record(Pipeline()(text))
        for pair in record["pairs"]:
            start, end = pair["heading"]["start"], max(pair["response"]["end"], pair["heading"]["end"])
            for key in ("dates", "money", "titles"):
                expected = [m for m in record[key] if start <= m["start"] and m["end"] <= end]
                assert pair["mentions"][key] == expected
                checked += len(expected)
    assert checked > 200
