"""Batch runs into a folder (批量处理): parallel workers, resumable, datasets at the end.

``zhenggai batch INPUT... -o OUTDIR [-j N] [--resume]`` writes, in OUTDIR:

- ``notices.jsonl`` — one record per notice (the record contract), in input order;
- ``errors.jsonl`` — one line per file that could not be parsed: path, sha256, stage, cause;
- ``notices.parquet``, ``pairs.parquet``, ``pairs.csv``, ``pairs.xlsx`` — the records of the
  JSONL (those of earlier runs too), built while the workers parse and renamed into place at the
  end of the run (:mod:`nlp.batch.datasets`);
- ``manifest.json`` — tool version, model checksum, taxonomy, counts, time taken.

Each line is written and flushed as its file is done, so a run killed at any moment keeps every
finished record; ``--resume`` truncates a cut-off last line and skips every file whose content
(sha256) is already in the JSONL files, so renamed copies are skipped too, and a resumed run
ends with the records an uninterrupted run writes, each once and in the same order. Workers
load the models once, are recycled after :data:`TASKS_PER_WORKER` files (flat memory), and a
file that kills its worker is recorded as an error while the run goes on. A notice whose text
was already seen in the run is marked ``duplicate_of`` the first file.
"""

from __future__ import annotations

import concurrent.futures as cf
import glob
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nlp.batch.datasets import DatasetRows, DatasetWriter
from nlp.export import record_json
from nlp.jsonl import json_lines
from nlp.paths import path_text
from nlp.reader import NOTICE_SUFFIXES
from nlp.reader.limits import Limits

#: files a worker parses before it is replaced by a fresh process
TASKS_PER_WORKER = 200
#: files in flight per worker (bounded, so memory does not grow with the number of files)
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Options:
    """How the workers parse: classification, models, taxonomy and limits (picklable)."""

    classify: bool = True
    models: str | None = None
    rules_only: bool = False
    taxonomy: str | None = None
    limits: Limits = field(default_factory=Limits)
    corrections: str | None = None
    ocr: bool = False

    @property
    def uses_default_pipeline(self) -> bool:
        """True when the workers' pipeline is the default one (bundled models and taxonomy)."""
        return self.classify and not (self.models or self.rules_only or self.taxonomy)


@dataclass
class BatchRun:
    """What a batch run did."""

    written: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_status(self) -> int:
        """0 every file done, 1 some failed, 2 nothing done (no file parsed now or before)."""
        if not (self.written or self.skipped):
            return 2
        return 1 if self.failed else 0


def expand_inputs(inputs: list[str], exclude: Path | None = None) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files, folders (recursive, notice suffixes only) and globs → sorted unique files, and the
    inputs that name nothing usable with their cause.

    Symbolic links to folders are not followed inside a folder or a ``**`` (a link loop would
    list the same files without end); a file reached under two names is read once; a subfolder
    that cannot be listed is reported, not skipped; files under ``exclude`` (the output folder,
    when it lies inside an input folder) are left out.
    """
    files: list[Path] = []
    bad: list[tuple[str, str]] = []
    for raw in inputs:
        matches = glob_paths(raw) if glob.has_magic(raw) else [Path(raw)]
        if not matches:
            bad.append((raw, "no file matches"))
        for path in matches:
            try:
                folder, regular, exists = path.is_dir(), path.is_file(), path.exists()
            except OSError as exc:
                bad.append((str(path), f"cannot be read ({exc.strerror or exc})"))
                continue
            if folder:
                found, unlisted = _walk(path)
                files += found
                bad += unlisted
                if not found and not unlisted:
                    bad.append((str(path), "folder holds no notices"))
            elif regular:
                files.append(path)
            else:
                bad.append((str(path), "not a regular file" if exists else "no such file"))
    seen: set[str] = set()
    kept = []
    for path in files:
        real = os.path.realpath(path)
        if real not in seen and not (exclude and Path(real).is_relative_to(exclude.resolve())):
            seen.add(real)
            kept.append(path)
    return kept, bad


def glob_paths(pattern: str) -> list[Path]:
    """The files and folders a glob names, sorted (pathlib's ``**`` does not follow links to folders)."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    anchor = Path(*parts[:fixed]) if fixed else Path()
    return sorted(anchor.glob(str(Path(*parts[fixed:]))))


def _walk(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The notice files under a folder, sorted, and the subfolders that could not be listed."""
    found: list[Path] = []
    unlisted: list[tuple[str, str]] = []

    def listing_failed(exc: OSError) -> None:
        unlisted.append((str(exc.filename), f"cannot list the folder ({exc.strerror or exc})"))

    for root, _, names in os.walk(folder, onerror=listing_failed):
        found += [path for name in names if Path(name).suffix.lower() in NOTICE_SUFFIXES
                  and (path := Path(root, name)).is_file()]
    return sorted(found), unlisted


def file_hash(path: Path) -> str | None:
    """The sha256 of a file's bytes (None when it cannot be read)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# -- workers ---------------------------------------------------------------------------------------

_PIPELINE = None
_CORRECT = None


def _init_worker(options: Options) -> None:
    """Load the pipeline (and its models, and any reviewers' corrections) once per worker process."""
    global _PIPELINE, _CORRECT
    from nlp.pipeline import Pipeline

    warm = _warm_pipeline() if options.uses_default_pipeline else None
    _PIPELINE = warm or Pipeline(classify=options.classify, models=options.models, rules_only=options.rules_only,
                                 taxonomy=options.taxonomy)
    if options.corrections:
        from nlp.review import apply_corrections, load_corrections

        corrections, taxonomy = load_corrections(options.corrections), _PIPELINE.classifier.taxonomy
        _CORRECT = lambda record: apply_corrections(record, corrections, taxonomy)  # noqa: E731


def _warm_pipeline():
    """The fork server's warm default pipeline, when this worker was forked from it."""
    import sys

    warm = sys.modules.get("nlp.batch.warm")
    return warm.PIPELINE if warm else None


def _pool_context():
    """Workers forked from a server that preloaded :mod:`nlp.batch.warm` where the platform has
    one (a recycled worker then starts in milliseconds), else spawned. Plain ``fork`` is not an
    option: it cannot be combined with recycling workers."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["nlp.batch.warm"])
    forkserver.ensure_running()  # the server warms up while the caller hashes its files
    return context


class Parsed(NamedTuple):
    """One file's outcome: ``kind`` "ok" with the record's JSON ``line``, the key of its text and,
    when asked for, its dataset rows; or "error" with a JSON line naming the stage and cause."""

    kind: str
    line: str
    text_key: str = ""
    rows: DatasetRows | None = None


def _parse_one(path: str, limits: Limits, ocr: bool = False, rows: bool = False) -> Parsed:
    """Read and parse one file; with ``rows`` its dataset rows are made here too (in the worker,
    so the process writing the datasets has less to do)."""
    from nlp.batch.runner import deadline
    from nlp.errors import ZhenggaiError
    from nlp.reader import read
    from nlp.record import to_record

    stage = "read"
    try:
        with deadline(limits.seconds):
            document = read(path, limits, ocr)
            stage = "parse"
            record = to_record(_PIPELINE(document.text, document.source, document.tables))
            if _CORRECT:
                _CORRECT(record)
            return Parsed("ok", record_json(record), _text_key(document.text), DatasetRows.of(record) if rows else None)
    except ZhenggaiError as exc:
        return Parsed("error", json.dumps({"path": path, "stage": stage, "cause": str(exc)}, ensure_ascii=False))
    except Exception as exc:  # a bug on one file is recorded, the run goes on
        cause = f"internal error ({type(exc).__name__}: {exc})"
        return Parsed("error", json.dumps({"path": path, "stage": stage, "cause": cause}, ensure_ascii=False))


# -- the run ---------------------------------------------------------------------------------------

class _Outputs:
    """notices.jsonl and errors.jsonl, appended line by line and flushed; what they already hold.

    A resumed run builds its datasets at the end, from the JSONL put back in input order (a run
    killed and resumed must end with the lines an uninterrupted run writes); a fresh run builds
    them as the records come, while the workers parse.
    """

    def __init__(self, outdir: Path, resume: bool, warn: Callable[[str, str], None] | None = None) -> None:
        self.notices, self.errors = outdir / "notices.jsonl", outdir / "errors.jsonl"
        self.done: set[str] = set()
        self.texts: dict[str, str] = {}
        self.resume = resume
        self.datasets = DatasetWriter(outdir)
        for path in (self.notices, self.errors):
            if resume and path.exists():
                _cut_partial_line(path)
                self._remember(path, warn)
            elif path.exists():
                path.unlink()
        self.notice_file = open(self.notices, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.error_file = open(self.errors, "a", encoding="utf-8")  # noqa: SIM115

    def _remember(self, path: Path, warn: Callable[[str, str], None] | None) -> None:
        for number, row in _rows(path):
            if row is None:
                _tell(warn, str(path), f"line {number} is not a JSON record; it is dropped and its file parsed again")
                continue
            self.done.add((row.get("source") or {}).get("sha256") or row.get("sha256"))
            if "text" in row:
                self.texts.setdefault(_text_key(row["text"]), row["source"]["path"])

    def record(self, parsed: Parsed, path: str) -> bool:
        """Write a record line, marked ``duplicate_of`` when its text was seen; True for a duplicate."""
        first = self.texts.setdefault(parsed.text_key, path_text(path))
        duplicate = first != path_text(path)
        line, rows = parsed.line, parsed.rows
        if duplicate:
            record = json.loads(line)
            record["duplicate_of"] = first
            line, rows = record_json(record), DatasetRows.of(record)
        if not self.resume:
            self.datasets.add(rows)
        self.notice_file.write(line + "\n")
        self.notice_file.flush()
        return duplicate

    def error(self, path: str, sha: str | None, stage: str, cause: str) -> None:
        self.error_file.write(json.dumps({"path": path_text(path), "sha256": sha, "stage": stage, "cause": cause},
                                         ensure_ascii=False) + "\n")
        self.error_file.flush()

    def close(self, order: dict[str, int] | None = None) -> dict[str, int]:
        """Close the JSONL files (a resumed run's put in input ``order``: path → position) and
        finish the datasets; the datasets' row counts."""
        self.notice_file.close()
        self.error_file.close()
        if self.resume and order is not None:
            _reorder(self.errors, order)
            for record in _reorder(self.notices, order):
                self.datasets.add(DatasetRows.of(record))
        return self.datasets.close()


def _rows(path: Path) -> Iterator[tuple[int, dict | None]]:
    """(line number, the line's JSON object, or None when the line is not one)."""
    with open(path, encoding="utf-8", errors="replace", newline="\n") as lines:
        for number, row, _ in json_lines(lines):
            yield number, row if isinstance(row, dict) else None


def _reorder(path: Path, order: dict[str, int]) -> list[dict]:
    """Rewrite a JSONL file of a resumed run as an uninterrupted run writes it: lines that are not
    records dropped, one line per (path, content), failures to find inputs first, then files in
    input ``order`` (files no longer among the inputs after them), and ``duplicate_of`` set anew
    in that order. The rows, in their new order."""
    rows: dict[tuple, tuple[int, dict]] = {}
    for number, row in _rows(path):
        if row is not None:
            source = row.get("source") or row
            rows.setdefault((source.get("path"), source.get("sha256")), (number, row))

    def position(line: tuple[int, dict]) -> tuple[int, int]:
        number, row = line
        if row.get("stage") == "find":
            return -1, number
        return order.get((row.get("source") or row).get("path"), len(order)), number

    ordered = [row for _, row in sorted(rows.values(), key=position)]
    first_of: dict[str, str] = {}
    for row in ordered:
        if "text" in row:
            row.pop("duplicate_of", None)
            first = first_of.setdefault(_text_key(row["text"]), row["source"]["path"])
            if first != row["source"]["path"]:
                row["duplicate_of"] = first
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as stream:
        for row in ordered:
            stream.write((record_json(row) if "text" in row else json.dumps(row, ensure_ascii=False)) + "\n")
    os.replace(tmp, path)
    return ordered


def _text_key(text: str) -> str:
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def _cut_partial_line(path: Path) -> None:
    """Drop a last line cut off by a killed run (everything after the last line break)."""
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep < len(data):
        with open(path, "r+b") as handle:
            handle.truncate(keep)


def run_batch_folder(inputs: list[str], outdir: Path, jobs: int = 1, resume: bool = False,
                     options: Options | None = None, on_error: Callable[[str, str], None] | None = None,
                     progress: Callable[[int], Iterator[None]] | None = None) -> BatchRun:
    """Parse every input into ``outdir`` (see the module docstring); ``on_error(path, cause)``
    hears of each failure."""
    options = options or Options()
    started = time.perf_counter()
    outdir.mkdir(parents=True, exist_ok=True)
    context = _pool_context() if jobs > 1 else None
    files, bad = expand_inputs(inputs, exclude=outdir)
    outputs = _Outputs(outdir, resume, on_error)
    run = BatchRun()
    try:
        for raw, cause in bad:
            outputs.error(raw, None, "find", cause)
            run.failed += 1
            _tell(on_error, raw, cause)
        todo = []
        for path in files:
            sha = file_hash(path)
            if sha is not None and sha in outputs.done:
                run.skipped += 1
            else:
                todo.append((path, sha))
        for (path, sha), parsed in zip(todo, _results(todo, jobs, options, context, rows=not resume), strict=True):
            if parsed.kind == "ok":
                run.written += 1
                run.duplicates += outputs.record(parsed, str(path))
            else:
                row = json.loads(parsed.line)
                outputs.error(str(path), sha, row["stage"], row["cause"])
                run.failed += 1
                _tell(on_error, str(path), row["cause"])
            if sha:
                outputs.done.add(sha)
            if progress:
                progress(1)
    finally:
        run.counts = outputs.close({path_text(path): number for number, path in enumerate(files)})
    run.seconds = time.perf_counter() - started
    return run


def _tell(on_error: Callable[[str, str], None] | None, path: str, cause: str) -> None:
    if on_error:
        on_error(path, cause)


def _results(todo: list[tuple[Path, str | None]], jobs: int, options: Options, context=None,
             rows: bool = False) -> Iterator[Parsed]:
    """Each file's result, in input order (with its dataset rows when ``rows``); one process when
    ``jobs`` is 1, else a recycled pool.

    When a worker dies, the files that were in flight are run again one at a time, so the file
    that kills a worker is the one recorded as the error.
    """
    if jobs <= 1:
        _init_worker(options)
        for path, _ in todo:
            yield _parse_one(str(path), options.limits, options.ocr, rows)
        return
    pending, suspects = list(todo), 0
    while pending:
        window = 1 if suspects else jobs * IN_FLIGHT_PER_WORKER
        with cf.ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                    initargs=(options,), max_tasks_per_child=TASKS_PER_WORKER) as pool:
            done, in_flight = yield from _drain(pool, pending, window, suspects or len(pending), options, rows)
        pending = pending[done:]
        suspects = max(suspects - done, 0) if suspects else in_flight


def _drain(pool: cf.ProcessPoolExecutor, todo: list, window: int, limit: int, options: Options, rows: bool):
    """Run up to ``limit`` files keeping ``window`` in flight, yielding results in order. Returns
    (files done, files in flight when the pool broke — 0 when it did not). Run one at a time
    (``window`` 1), a file whose worker dies is reported as an error and counts as done."""
    futures: list[cf.Future] = []
    done = 0
    while done < min(limit, len(todo)):
        while len(futures) < window and done + len(futures) < min(limit, len(todo)):
            path = str(todo[done + len(futures)][0])
            futures.append(pool.submit(_parse_one, path, options.limits, options.ocr, rows))
        try:
            result = futures[0].result()
        except cf.process.BrokenProcessPool:
            if window > 1:
                return done, len(futures)
            cause = "the worker parsing this file died (out of memory or crashed)"
            result = Parsed("error", json.dumps({"path": str(todo[done][0]), "stage": "parse", "cause": cause},
                                                ensure_ascii=False))
            yield result
            return done + 1, 0
        yield result
        futures.pop(0)
        done += 1
    return done, 0


def write_manifest(outdir: Path, run: BatchRun, options: Options) -> None:
    """manifest.json: what produced this folder and what it holds."""
    from nlp import __version__
    from nlp.classify.hybrid import DEFAULT_MODELS_DIR

    models = Path(options.models) if options.models else DEFAULT_MODELS_DIR
    manifest = {
        "tool": f"zhenggai {__version__}", "schema": "zhenggai.notice/1",
        "models": None if options.rules_only or not options.classify else {
            "path": str(models), "sha256": file_hash(models / "classifier.npz")},
        "taxonomy": options.taxonomy or "default", "rules_only": options.rules_only,
        "notices": run.counts["notices"], "pairs": run.counts["pairs"], "errors": _lines(outdir / "errors.jsonl"),
        "written_this_run": run.written, "failed_this_run": run.failed, "skipped_as_done": run.skipped,
        "duplicates_this_run": run.duplicates, "seconds": round(run.seconds, 1),
    }
    tmp = outdir / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, outdir / "manifest.json")


def _lines(path: Path) -> int:
    with open(path, encoding="utf-8") as lines:
        return sum(1 for _ in lines)
