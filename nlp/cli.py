"""Command line (命令行): ``zhenggai parse|batch|spark|report|review|compare|stats|evaluate|train``.

Records go to stdout (or ``-o FILE``), each written as soon as it is done; every problem
with an input is one line on stderr naming the file and the cause, and the other inputs
are still processed. Exit status: 0 all inputs done, 1 some failed (each named on stderr),
2 a usage error or nothing could be done, 3 an internal error (a bug; the file is named,
the traceback shown with ``--debug``).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

from nlp import __version__
from nlp.export import FORMATS, RecordWriter
from nlp.export.table import printable
from nlp.options import add_pipeline_options, whole_number


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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
    add_pipeline_options(parse)
    parse.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    parse.add_argument("--ocr", action="store_true", help="read scanned PDFs and images with Tesseract")
    parse.add_argument("--corrections", metavar="FILE", help="corrections.jsonl from `review import`: show the "
                       "corrected labels of those pairs")
    parse.set_defaults(run=run_parse)

    batch = commands.add_parser("batch", help="parse many notices into a dataset folder (批量处理)")
    batch.add_argument("inputs", nargs="+", help="files, folders (searched recursively) and globs")
    batch.add_argument("--output", "-o", required=True, metavar="OUTDIR", help="the dataset folder")
    batch.add_argument("--jobs", "-j", type=whole_number(1, 256, "workers"), default=os.cpu_count() or 1,
                       help="parallel workers (default: the number of cores)")
    batch.add_argument("--resume", action="store_true", help="skip files already in OUTDIR (by content)")
    add_pipeline_options(batch)
    batch.add_argument("--corrections", metavar="FILE", help="corrections.jsonl from `review import`")
    batch.add_argument("--ocr", action="store_true", help="read scanned PDFs and images with Tesseract")
    batch.set_defaults(run=run_batch_command)

    from nlp.adapters.spark import add_arguments, run_command  # stdlib-only import; pyspark loads when it runs

    spark = commands.add_parser("spark", help="parse many notices on Apache Spark into Parquet folders (分布式)")
    add_arguments(spark).set_defaults(run=run_command)

    report = commands.add_parser("report", help="an HTML report to read and check in a browser (审阅报告)")
    report.add_argument("inputs", nargs="+", help="notice files or folders, or .jsonl files of records")
    report.add_argument("--output", "-o", required=True, help="the .html file to write")
    report.add_argument("--no-classify", action="store_true", help="skip domain/measure/status classification")
    report.set_defaults(run=run_report)

    review = commands.add_parser("review", help="an Excel sheet to check labels, and its corrections (人工复核)")
    steps = review.add_subparsers(dest="step", required=True)
    export = steps.add_parser("export", help="write the review sheet of notices or records")
    export.add_argument("inputs", nargs="+", help="notice files or folders, or .jsonl files of records")
    export.add_argument("--output", "-o", required=True, help="the .xlsx sheet to write")
    export.set_defaults(run=run_review_export)
    back = steps.add_parser("import", help="read a reviewed sheet into corrections.jsonl")
    back.add_argument("sheet", help="the reviewed .xlsx sheet")
    back.add_argument("--output", "-o", required=True, help="the corrections.jsonl to write")
    back.set_defaults(run=run_review_import)

    compare = commands.add_parser("compare", help="align the issues of two notices (通报比对)")
    compare.add_argument("a", help="the first notice (a file, or a .jsonl file holding its record)")
    compare.add_argument("b", help="the second notice")
    compare.add_argument("--format", choices=("table", "json", "html"), default="table")
    compare.add_argument("--output", "-o", help="write to this file instead of stdout")
    compare.add_argument("--no-classify", action="store_true", help="skip classification (no status changes)")
    compare.set_defaults(run=run_compare)

    stats = commands.add_parser("stats", help="corpus statistics as CSV and charts (语料统计)")
    stats.add_argument("input", help="a batch folder, a .jsonl file of records, or notice files' folder")
    stats.add_argument("--output", "-o", required=True, metavar="DIR", help="the folder for the CSV files and charts")
    stats.set_defaults(run=run_stats)

    evaluate = commands.add_parser("evaluate", help="score the toolkit against a gold folder (评测)")
    evaluate.add_argument("gold_dir", nargs="?", help="folder of <id>.gold.json (texts beside them as <id>.txt), "
                          "or a corpus file with one notice a line (corpus/real/notices.jsonl)")
    evaluate.add_argument("--texts", help="folder holding the <id>.txt notices (default: the gold folder)")
    evaluate.add_argument("--json", action="store_true", help="print the full scores as JSON")
    evaluate.add_argument("--fields", action="store_true", help="also print the accuracy of each header field "
                          "and key figure")
    evaluate.add_argument("--cv", type=whole_number(2, 20, "folds"), metavar="K",
                          help="k-fold cross-validation of the classifier on corpus/ (2 to 20 folds)")
    evaluate.add_argument("--corpus", default="corpus", help="annotated corpus folder for --cv (default: corpus)")
    evaluate.set_defaults(run=run_evaluate)

    train = commands.add_parser("train", help="rebuild models/ from the corpus annotations (训练)")
    train.add_argument("--corpus", default="corpus")
    train.add_argument("--models", metavar="DIR", help="where to write the models (default: the package's own, "
                       "nlp/models, i.e. models/ of a source checkout)")
    train.add_argument("--corrections", metavar="FILE", help="corrections.jsonl from `review import`, added to "
                       "the training data")
    train.set_defaults(run=run_train)
    return parser


def shown(path: object) -> str:
    """A file name safe to print on one line: control characters escaped, quoted when it has any
    (or spaces, or quotes), so a crafted name cannot forge an error line.

    >>> shown("a.txt"), shown("x\\nzhenggai: y.txt")
    ('a.txt', "'x\\\\nzhenggai: y.txt'")
    """
    text = str(path)
    if not any(c.isspace() or not c.isprintable() or c in "'\"\\" for c in text):
        return text
    return "'" + text.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"


def _error(path: object, cause: object) -> None:
    print(f"zhenggai: {shown(path)}: {' '.join(str(cause).split())}", file=sys.stderr)


def expand_paths(paths: Sequence[str]) -> Iterator[Path | tuple[str, str]]:
    """Files as given, folders as their notices (sorted); unusable paths as (path, cause).

    Only regular files are read: a FIFO or device would block or never end; inside a folder,
    entries with a notice suffix that are not regular files (FIFOs, broken links, link loops)
    are reported, not silently skipped.
    """
    from nlp.reader import NOTICE_SUFFIXES

    for raw in paths:
        path = Path(raw)
        try:
            path.stat()
        except OSError as exc:
            if path.is_symlink() or not isinstance(exc, FileNotFoundError):
                yield raw, _not_regular(path) if path.is_symlink() else f"cannot be read ({exc.strerror or exc})"
                continue
        if path.is_dir():
            try:
                entries = sorted(p for p in path.iterdir() if p.suffix.lower() in NOTICE_SUFFIXES)
            except OSError as exc:
                yield raw, f"cannot list the folder ({exc.strerror or exc})"
                continue
            if not entries:
                yield raw, "folder holds no notices (.txt, .html, .pdf, .docx)"
            for entry in entries:
                yield entry if entry.is_file() else (str(entry), _not_regular(entry))
        elif path.is_file():
            yield path
        else:
            yield raw, _not_regular(path)


def _not_regular(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return "a broken or looping symbolic link"
    return "not a regular file (a FIFO, device or socket is not read)" if path.exists() else "no such file"


def _check_output(output: str, inputs: list[Path]) -> str | None:
    """Why ``-o`` cannot be written (checked before any parsing), or None."""
    target = Path(output)
    if target.is_dir():
        return "is a folder; -o names the output file"
    if not target.parent.is_dir():
        return f"no such folder {shown(target.parent)}"
    if target.exists() and any(target.samefile(p) for p in inputs if p.exists()):
        return "is one of the inputs; it would be overwritten"
    return None


def run_parse(args: argparse.Namespace) -> int:
    from nlp.batch import run_batch
    from nlp.errors import ZhenggaiError
    from nlp.pipeline import Pipeline
    from nlp.reader.limits import Limits

    items = list(expand_paths(args.paths))
    files = [item for item in items if isinstance(item, Path)]
    if args.output and (cause := _check_output(args.output, files)):
        _error(args.output, cause)
        return 2
    try:
        pipeline = Pipeline(classify=not args.no_classify, models=args.models, rules_only=args.rules_only,
                            taxonomy=args.taxonomy)
        write_corrected = _correcting(args.corrections) if args.corrections else None
    except ZhenggaiError as exc:
        _setup_error(args, exc)
        return 2
    fmt = args.format or ("table" if sys.stdout.isatty() and not args.output else
                          "json" if len(items) == 1 else "jsonl")
    limits = Limits(max_mb=args.max_mb, seconds=args.timeout)

    def on_error(path: object, cause: str, exc: BaseException | None) -> None:
        _error(path, cause)
        if exc is not None and args.debug:
            traceback.print_exception(exc)

    try:
        with _Output(args.output) as output, RecordWriter(output.stream, fmt, single=len(items) == 1) as writer:
            write = writer.write if not write_corrected else functools.partial(write_corrected, writer.write)
            status = run_batch(items, pipeline, write, on_error, limits, args.ocr).exit_status
            output.keep = status != 2  # nothing parsed: no empty output file
            return status
    except BrokenPipeError:
        raise
    except OSError as exc:
        _error(args.output or "stdout", f"cannot write the output ({exc.strerror or exc})")
        return 2


def _setup_error(args: argparse.Namespace, exc: Exception) -> None:
    """A one-line error naming the file behind a failed setup: the corrections, the taxonomy or the models."""
    from nlp.classify.taxonomy import TaxonomyError
    from nlp.errors import ModelError

    if isinstance(exc, ModelError):
        print(f"zhenggai: {' '.join(str(exc).split())}", file=sys.stderr)  # the message names the folder
    else:
        _error(args.taxonomy if isinstance(exc, TaxonomyError) else args.corrections, exc)


def _correcting(corrections_path: str):
    """``write(record)`` with the reviewers' corrections put into each record first (the file is read and
    checked now: a :class:`~nlp.errors.ZhenggaiError` before any notice is parsed)."""
    from nlp.classify.taxonomy import load_taxonomy
    from nlp.review import apply_corrections, load_corrections

    corrections, taxonomy = load_corrections(corrections_path), load_taxonomy()

    def corrected(write, record: dict) -> None:
        apply_corrections(record, corrections, taxonomy)
        write(record)

    return corrected


class _Output:
    """``stream``: stdout, or ``output`` written as ``output.partial`` and renamed into place when
    complete and ``keep`` (an interrupted run leaves the records done so far in the ``.partial``
    file; a run that parsed nothing leaves no file)."""

    def __init__(self, output: str | None) -> None:
        self.output, self.keep, self.stream = output, True, sys.stdout
        self.partial = Path(f"{output}.partial") if output and not _special(output) else None

    def __enter__(self) -> _Output:
        if self.output:
            self.stream = open(self.partial or self.output, "w", encoding="utf-8")
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if self.stream is sys.stdout:
            return
        self.stream.close()
        if self.partial and kind is None:
            if self.keep:
                os.replace(self.partial, self.output)
            else:
                self.partial.unlink()


def _special(output: str) -> bool:
    """True for a device or FIFO (written to directly, never renamed over)."""
    return Path(output).exists() and not Path(output).is_file()


def run_batch_command(args: argparse.Namespace) -> int:
    from nlp.batch.parallel import Options, run_batch_folder, write_manifest
    from nlp.errors import ZhenggaiError
    from nlp.pipeline import Pipeline
    from nlp.reader.limits import Limits

    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        _error(args.output, "is not a folder; -o names the dataset folder")
        return 2
    options = Options(classify=not args.no_classify, models=args.models, rules_only=args.rules_only,
                      taxonomy=args.taxonomy, limits=Limits(max_mb=args.max_mb, seconds=args.timeout),
                      corrections=args.corrections, ocr=args.ocr)
    try:  # fail at once on missing models, a bad taxonomy or corrections file, not in every worker
        # one job loads them in this process when the run starts; the shipped ones need no check
        if args.jobs > 1 and not options.uses_default_pipeline:
            Pipeline(classify=options.classify, models=options.models, rules_only=options.rules_only,
                     taxonomy=options.taxonomy)
        if args.corrections:
            _correcting(args.corrections)
        with _progress() as advance:
            run = run_batch_folder(args.inputs, outdir, args.jobs, args.resume, options, on_error=_error,
                                   progress=advance)
        write_manifest(outdir, run, options)
    except ZhenggaiError as exc:
        _setup_error(args, exc)
        return 2
    except OSError as exc:
        _error(args.output, f"cannot write the dataset folder ({exc.strerror or exc})")
        return 2
    counts = run.counts
    print(f"zhenggai: {run.written} written, {run.failed} failed, {run.skipped} already done, "
          f"{run.duplicates} duplicates; {counts['notices']} notices, {counts['pairs']} pairs in {shown(outdir)} "
          f"({run.seconds:.1f} s)", file=sys.stderr)
    # the folder's state decides: files that failed in an earlier run of a resumed batch still failed
    failed_before = (outdir / "errors.jsonl").stat().st_size > 0
    return 1 if run.exit_status == 0 and failed_before else run.exit_status


@contextlib.contextmanager
def _progress() -> Iterator:
    """A progress bar on a terminal (files done, rate, time left); nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit="file", file=sys.stderr) as bar:
        yield bar.update


def load_records(inputs: Sequence[str], classify: bool = True) -> tuple[list[dict], int]:
    """Records of the inputs: .jsonl files of records as they are, other files parsed; and the
    number of inputs that failed (each named on stderr)."""
    from nlp.dataset import read_records
    from nlp.errors import ZhenggaiError
    from nlp.pipeline import Pipeline
    from nlp.reader import read
    from nlp.record import to_record

    records, failed, pipeline = [], 0, None
    for item in expand_paths([p for p in inputs if not p.endswith(".jsonl")]):
        if isinstance(item, tuple):
            _error(*item)
            failed += 1
            continue
        try:
            pipeline = pipeline or Pipeline(classify=classify)
            document = read(item)
            records.append(to_record(pipeline(document.text, document.source, document.tables)))
        except ZhenggaiError as exc:
            _error(item, exc)
            failed += 1
    for path in (p for p in inputs if p.endswith(".jsonl")):
        try:
            records += read_records(path)
        except ZhenggaiError as exc:
            _error(path, exc)
            failed += 1
    return records, failed


def run_report(args: argparse.Namespace) -> int:
    from nlp.export.report import report_html

    records, failed = load_records(args.inputs, classify=not args.no_classify)
    if not records:
        return 2
    try:
        with _Output(args.output) as output:
            output.stream.write(report_html(records))
    except OSError as exc:
        _error(args.output, f"cannot write the report ({exc.strerror or exc})")
        return 2
    return 1 if failed else 0


def run_review_export(args: argparse.Namespace) -> int:
    from nlp.classify.taxonomy import load_taxonomy
    from nlp.review import export_review

    records, failed = load_records(args.inputs)
    if not records:
        return 2
    try:
        rows = export_review(records, args.output, load_taxonomy())
    except OSError as exc:
        _error(args.output, f"cannot write the sheet ({exc.strerror or exc})")
        return 2
    print(f"zhenggai: {rows} pairs to review in {shown(args.output)}", file=sys.stderr)
    return 1 if failed else 0


def run_review_import(args: argparse.Namespace) -> int:
    from nlp.classify.taxonomy import load_taxonomy
    from nlp.errors import ZhenggaiError
    from nlp.review import read_corrections

    if cause := _check_output(args.output, [Path(args.sheet)]):
        _error(args.output, cause)
        return 2
    bad = []

    def on_error(row: int, cause: str) -> None:
        bad.append(row)
        _error(f"{args.sheet}: row {row}", f"{cause}; the row is skipped")

    try:
        corrections = read_corrections(args.sheet, load_taxonomy(), on_error)
    except ZhenggaiError as exc:
        _error(args.sheet, exc)
        return 2
    try:
        with _Output(args.output) as output:
            for correction in corrections:
                output.stream.write(json.dumps(correction.as_dict(), ensure_ascii=False) + "\n")
    except OSError as exc:
        _error(args.output, f"cannot write the corrections ({exc.strerror or exc})")
        return 2
    print(f"zhenggai: {len(corrections)} corrections", file=sys.stderr)
    return 1 if bad else 0


def run_compare(args: argparse.Namespace) -> int:
    from nlp.compare import compare, format_table
    from nlp.export.report import compare_html

    sides = []
    for path in (args.a, args.b):
        records, _ = load_records([path], classify=not args.no_classify)
        if len(records) != 1:
            if records:
                _error(path, f"holds {len(records)} notices; compare takes one notice a side")
            return 2
        sides.append(records[0])
    result = compare(*sides)
    if args.format == "json":
        content = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    elif args.format == "html":
        content = compare_html(sides[0], sides[1], result)
    else:
        content = printable(format_table(result))
    try:
        with _Output(args.output) as output:
            output.stream.write(content)
    except OSError as exc:
        _error(args.output, f"cannot write ({exc.strerror or exc})")
        return 2
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from nlp.dataset import load
    from nlp.errors import ZhenggaiError
    from nlp.stats import write_stats

    if not Path(args.input).exists():
        _error(args.input, "no such file or folder")
        return 2
    if Path(args.output).exists() and not Path(args.output).is_dir():
        _error(args.output, "is not a folder; -o names the folder for the tables and charts")
        return 2
    try:
        written = write_stats(load(args.input), Path(args.output))
    except ZhenggaiError as exc:
        _error(args.input, exc)
        return 2
    except OSError as exc:
        _error(args.output, f"cannot write the statistics ({exc.strerror or exc})")
        return 2
    print(f"zhenggai: {len(written)} files in {shown(args.output)}", file=sys.stderr)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    if args.cv:
        return _run_cv(args)
    if not args.gold_dir:
        _error("evaluate", "give a GOLD_DIR or --cv K")
        return 2
    from nlp.errors import ZhenggaiError
    from nlp.evaluate import (
        evaluate,
        field_accuracy,
        format_fields,
        format_heading_domains,
        format_report,
        load_gold_dir,
        load_gold_jsonl,
    )

    corpus_file = Path(args.gold_dir).suffix == ".jsonl"
    try:
        if corpus_file:
            gold, texts = load_gold_jsonl(args.gold_dir)
        else:
            gold = load_gold_dir(args.gold_dir)
            texts = {gid: Path(args.texts or args.gold_dir) / f"{gid}.txt" for gid in gold}
    except ZhenggaiError as exc:
        _error(args.gold_dir, exc)
        return 2
    if not gold:
        _error(args.gold_dir, "no gold files (<id>.gold.json) found")
        return 2
    records = _records_for(gold, texts)
    agg, per_doc = evaluate(gold, records)
    headings = _heading_domains(gold) if corpus_file else None
    if args.json:
        print(json.dumps({"aggregate": agg, "per_doc": per_doc, "fields": field_accuracy(gold, per_doc),
                          "headings": headings}, ensure_ascii=False, indent=1))
    else:
        lines = list(format_report(agg, per_doc, entities=not corpus_file))
        if headings:
            lines.insert(2, format_heading_domains(headings))
        if args.fields:
            lines += format_fields(field_accuracy(gold, per_doc))
        print("\n".join(lines))
    return 0 if records else 2


def _heading_domains(gold: dict[str, dict]) -> dict | None:
    from nlp.classify import load_classifier
    from nlp.evaluate import heading_domains

    classifier = load_classifier()

    def classify(heading: str) -> tuple[str, float, bool]:
        label = classifier.domain(heading, "")
        return label.label, label.score, bool(label.needs_review)

    return heading_domains(gold, classify)


def _records_for(gold: dict[str, dict], texts: dict[str, str | Path]) -> dict[str, dict]:
    """Parse every gold document's text: a path to read, or the text itself (corpus files)."""
    from nlp.errors import ZhenggaiError
    from nlp.pipeline import Pipeline
    from nlp.reader import read, source_for_text
    from nlp.record import to_record
    from nlp.types import Document

    pipeline = Pipeline()
    records = {}
    for gid in gold:
        try:
            if isinstance(texts[gid], Path):
                document = read(texts[gid])
            else:
                document = Document(texts[gid], source_for_text(texts[gid], f"{gid}.txt"))
            records[gid] = to_record(pipeline(document.text, document.source, document.tables))
        except ZhenggaiError as exc:
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
    from nlp.classify.hybrid import DEFAULT_MODELS_DIR
    from nlp.errors import ZhenggaiError

    try:
        summary = train(corpus_dir=args.corpus, models_dir=args.models or DEFAULT_MODELS_DIR,
                        corrections=args.corrections)
    except ZhenggaiError as exc:
        _error(args.corrections or args.corpus, exc)
        return 2
    print(summary.pop("cv"))
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
