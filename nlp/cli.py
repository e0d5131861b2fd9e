"""Command line (命令行): ``zhenggai parse|evaluate|train``.

Records go to stdout; every problem with an input is one line on stderr naming
the file and the cause, and the other inputs are still processed. Exit status:
0 all inputs done, 1 some failed, 2 nothing could be done.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from nlp import __version__
from nlp.export import FORMATS


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhenggai", description="整改通报结构化工具 — rectification notices to records"
    )
    parser.add_argument("--version", action="version", version=f"zhenggai {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="parse notices into records (记录)")
    parse.add_argument("paths", nargs="+", help="notice files (.txt .html .pdf .docx) or folders of them")
    parse.add_argument("--format", choices=FORMATS, help="default: table on a terminal, "
                       "else json for one notice and jsonl for several")
    parse.add_argument("--output", "-o", help="write to this file instead of stdout")
    parse.add_argument("--no-classify", action="store_true", help="skip domain/measure/status classification")
    parse.add_argument("--taxonomy", help="a taxonomy YAML file replacing the default label sets")
    parse.set_defaults(run=run_parse)

    evaluate = commands.add_parser("evaluate", help="score the toolkit against a gold folder (评测)")
    evaluate.add_argument("gold_dir", nargs="?", help="folder of <id>.gold.json (texts beside them as <id>.txt), "
                          "or a corpus file with one notice a line (corpus/real/notices.jsonl)")
    evaluate.add_argument("--texts", help="folder holding the <id>.txt notices (default: the gold folder)")
    evaluate.add_argument("--json", action="store_true", help="print the full scores as JSON")
    evaluate.add_argument("--fields", action="store_true", help="also print the accuracy of each header field "
                          "and key figure")
    evaluate.add_argument("--cv", type=int, metavar="K", help="k-fold cross-validation of the classifier on corpus/")
    evaluate.add_argument("--corpus", default="corpus", help="annotated corpus folder for --cv (default: corpus)")
    evaluate.set_defaults(run=run_evaluate)

    train = commands.add_parser("train", help="rebuild models/ from the corpus annotations (训练)")
    train.add_argument("--corpus", default="corpus")
    train.add_argument("--models", default="models")
    train.set_defaults(run=run_train)
    return parser


def _error(path: object, cause: object) -> None:
    print(f"zhenggai: {path}: {cause}", file=sys.stderr)


def expand_paths(paths: Sequence[str]) -> Iterator[Path | tuple[str, str]]:
    """Files as given, folders as their notices (sorted); unusable paths as (path, cause)."""
    from nlp.read import NOTICE_SUFFIXES

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES)
            if not found:
                yield raw, "folder holds no notices (.txt, .html, .pdf, .docx)"
            yield from found
        elif path.exists():
            yield path
        else:
            yield raw, "no such file"


def run_parse(args: argparse.Namespace) -> int:
    from nlp.export import render
    from nlp.pipeline import Pipeline
    from nlp.read import NoticeReadError, read_notice
    from nlp.record import to_record

    pipeline = Pipeline(classify=not args.no_classify, taxonomy=args.taxonomy)
    records, failures, total = [], 0, 0
    for item in expand_paths(args.paths):
        total += 1
        if isinstance(item, tuple):
            _error(*item)
            failures += 1
            continue
        try:
            source, text = read_notice(item)
            records.append(to_record(pipeline(text, source)))
        except NoticeReadError as exc:
            _error(item, exc)
            failures += 1
        except Exception as exc:  # one bad notice must not lose the others' output
            _error(item, f"internal error while parsing ({type(exc).__name__}: {exc})")
            failures += 1
    if records:
        fmt = args.format or ("table" if sys.stdout.isatty() and not args.output else
                              "json" if total == 1 else "jsonl")
        _write(render(records, fmt), args.output)
    if failures == total:
        return 2
    return 1 if failures else 0


def _write(content: str, output: str | None) -> None:
    if output:
        Path(output).write_text(content, encoding="utf-8")
    else:
        sys.stdout.write(content)


def run_evaluate(args: argparse.Namespace) -> int:
    if args.cv:
        return _run_cv(args)
    if not args.gold_dir:
        _error("evaluate", "give a GOLD_DIR or --cv K")
        return 2
    from nlp.evaluate import evaluate, field_accuracy, format_fields, format_report, load_gold_dir, load_gold_jsonl

    corpus_file = Path(args.gold_dir).suffix == ".jsonl"
    if corpus_file:
        gold, texts = load_gold_jsonl(args.gold_dir)
    else:
        gold = load_gold_dir(args.gold_dir)
        texts = {gid: Path(args.texts or args.gold_dir) / f"{gid}.txt" for gid in gold}
    if not gold:
        _error(args.gold_dir, "no gold files (<id>.gold.json) found")
        return 2
    records = _records_for(gold, texts)
    agg, per_doc = evaluate(gold, records)
    if args.json:
        print(json.dumps({"aggregate": agg, "per_doc": per_doc, "fields": field_accuracy(gold, per_doc)},
                         ensure_ascii=False, indent=1))
    else:
        lines = list(format_report(agg, per_doc, entities=not corpus_file))
        if args.fields:
            lines += format_fields(field_accuracy(gold, per_doc))
        print("\n".join(lines))
    return 0 if records else 2


def _records_for(gold: dict[str, dict], texts: dict[str, str | Path]) -> dict[str, dict]:
    """Parse every gold document's text: a path to read, or the text itself (corpus files)."""
    from nlp.pipeline import Pipeline
    from nlp.read import NoticeReadError, read_notice, source_for_text
    from nlp.record import to_record

    pipeline = Pipeline()
    records = {}
    for gid in gold:
        try:
            if isinstance(texts[gid], Path):
                source, text = read_notice(texts[gid])
            else:
                source, text = source_for_text(texts[gid], f"{gid}.txt"), texts[gid]
            records[gid] = to_record(pipeline(text, source))
        except NoticeReadError as exc:
            _error(texts[gid], exc)
    return records


def _run_cv(args: argparse.Namespace) -> int:
    from nlp.classify.training import cross_validate, format_cv_report

    if not Path(args.corpus).is_dir():
        _error(args.corpus, "no such corpus folder")
        return 2
    print(format_cv_report(cross_validate(k=args.cv, corpus_dir=args.corpus)))
    return 0


def run_train(args: argparse.Namespace) -> int:
    from nlp.classify.training import train

    if not Path(args.corpus).is_dir():
        _error(args.corpus, "no such corpus folder")
        return 2
    summary = train(corpus_dir=args.corpus, models_dir=args.models)
    print(summary.pop("cv"))
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
