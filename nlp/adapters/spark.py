"""Apache Spark runs (分布式处理): the batch parsing of :mod:`nlp.batch.parallel` on a Spark cluster.

``zhenggai spark INPUT... -o OUTDIR [--master URL]`` writes, in OUTDIR, the Parquet folders

- ``notices.parquet`` and ``pairs.parquet`` — the columns and types of
  :data:`~nlp.batch.datasets.NOTICE_COLUMNS` and :data:`~nlp.batch.datasets.PAIR_COLUMNS`, the
  rows that ``zhenggai batch`` writes for the same files (``duplicate_of`` included), sorted by path;
- ``errors.parquet`` — path, stage, cause: one row per input that names nothing usable (stage
  ``find``) and per file that could not be read or parsed.

Parsing is a pure function of a file's bytes and the models, so the files are read with Spark's
``binaryFile`` source (folders searched recursively for the notice suffixes) and each partition is
parsed with ``mapInArrow`` by the very code of ``zhenggai batch`` (:func:`~nlp.batch.parallel._parse_one`),
each Python worker loading the models once. Paths in the rows are those ``zhenggai batch`` writes:
local files as the inputs name them (relative stays relative), other file systems (``hdfs://``,
``s3a://``) as full URIs.

Differences from ``zhenggai batch``: Spark skips files and folders whose name starts with ``.`` or
``_`` inside a folder; a file over the size limit is refused before it is read, and a file whose
worker crashes fails the Spark job instead of being recorded; several inputs are ordered by path,
not argument order, which decides which copy of a duplicate is ``duplicate_of`` the other. There is
no ``--resume``, JSON Lines, CSV or workbook: the Parquet folders are the output.

pyspark (``pip install 'zhenggai[spark]'``) is imported inside the functions only, so the package
imports without it. For a ``local`` master the workers run this Python (``PYSPARK_PYTHON`` unless set);
on a cluster, install the package (models included) on every executor.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from nlp.options import add_pipeline_options

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import Column, DataFrame, SparkSession

    from nlp.batch.parallel import Options
    from nlp.reader.limits import Limits

#: (column, arrow type) of errors.parquet, in order
ERROR_COLUMNS = (("path", "string"), ("stage", "string"), ("cause", "string"))
#: Spark SQL type of each arrow type of the dataset columns
_SPARK_TYPES = {"string": "string", "float64": "double", "int64": "bigint", "bool_": "boolean"}
#: a URI of another file system (hdfs://, s3a://…): handed to Spark as it is
_REMOTE = re.compile(r"^(?!file:)[A-Za-z][A-Za-z0-9+.-]+://")


# -- inputs ----------------------------------------------------------------------------------------

@dataclass
class Found:
    """The inputs sorted out on the driver: files to read as they are, folders to search, the
    name each local path is shown by, and the inputs that name nothing usable with their cause."""

    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)
    bad: list[tuple[str, str]] = field(default_factory=list)


def find_inputs(inputs: list[str]) -> Found:
    """Files, folders and globs as :func:`~nlp.batch.parallel.expand_inputs` takes them, without
    listing the folders (Spark does); a URI of another file system is taken as a folder."""
    from nlp.batch.parallel import glob_paths

    found = Found()
    for raw in inputs:
        if _REMOTE.match(raw):
            found.folders.append(raw)
            continue
        local = _strip_scheme(raw)
        matches = glob_paths(local) if glob.has_magic(local) else [local]
        if not matches:
            found.bad.append((raw, "no file matches"))
        for match in matches:
            _sort_out(Path(match), found)
    return found


def _sort_out(path: Path, found: Found) -> None:
    absolute = os.path.abspath(path)
    if path.is_dir() and _holds_notices(path):
        found.folders.append(absolute)
    elif path.is_dir():
        found.bad.append((str(path), "folder holds no notices"))
        return
    elif path.is_file():
        found.files.append(absolute)
    else:
        found.bad.append((str(path), "no such file" if not path.exists() else "not a regular file"))
        return
    found.shown.setdefault(absolute, str(path))


def _holds_notices(folder: Path) -> bool:
    from nlp.reader import NOTICE_SUFFIXES

    return any(p.suffix.lower() in NOTICE_SUFFIXES and p.is_file() for p in folder.rglob("*"))


def _strip_scheme(uri: str) -> str:
    """``file:/a/b`` and ``file:///a/b`` → ``/a/b``; anything else unchanged."""
    return re.sub(r"^file:(?://(?=/))?", "", uri)


def shown_path(uri: str, shown: dict[str, str]) -> str:
    """The path of a file Spark found, as ``zhenggai batch`` writes it: the name the input gave,
    under it the rest of the path; a URI of another file system as it is.

    >>> shown_path("file:/data/in/sub/a.txt", {"/data/in": "in"})
    'in/sub/a.txt'
    >>> shown_path("file:/data/x.txt", {"/data/x.txt": "../data/x.txt"}), shown_path("hdfs://nn/a.txt", {})
    ('../data/x.txt', 'hdfs://nn/a.txt')
    """
    local = _strip_scheme(uri)
    if local == uri:
        return uri
    if local in shown:
        return shown[local]
    path = PurePosixPath(local)
    for parent in path.parents:  # the nearest input above the file
        if str(parent) in shown:
            return str(PurePosixPath(shown[str(parent)]) / path.relative_to(parent))
    return local


def _hadoop_literal(path: str) -> str:
    """A local path Spark must not read as a glob (a file named ``[2023]通报.txt``)."""
    return re.sub(r"([{}\[\]*?\\])", r"\\\1", path)


def suffix_glob() -> str:
    """The ``pathGlobFilter`` of the notice suffixes, in any case (Hadoop globs are case-sensitive).

    >>> suffix_glob().startswith("*.{[mM][dD],[tT][eE][xX][tT],")
    True
    """
    from nlp.reader import NOTICE_SUFFIXES

    cased = ("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in s.lstrip(".")) for s in NOTICE_SUFFIXES)
    return "*.{" + ",".join(cased) + "}"


def read_cap(limits: Limits) -> int:
    """The largest file read at all, in bytes: the largest per-format limit, as the reader has it."""
    return max(limits.max_bytes(fmt) for fmt in limits.per_format_mb)


# -- schemas ---------------------------------------------------------------------------------------

def _ddl_fields(columns: Sequence[tuple[str, str]], sep: str) -> str:
    return ",".join(f"`{name}`{sep}{_SPARK_TYPES[kind]}" for name, kind in columns)


def _parsed_ddl() -> str:
    """The Spark schema of one parsed file: its rows, or where it failed."""
    from nlp.batch.datasets import NOTICE_COLUMNS, PAIR_COLUMNS

    return (f"`path` string, `text_key` string, `stage` string, `cause` string, "
            f"`notice` struct<{_ddl_fields(NOTICE_COLUMNS, ':')}>, "
            f"`pair_rows` array<struct<{_ddl_fields(PAIR_COLUMNS, ':')}>>")


def _arrow_struct(columns: Sequence[tuple[str, str]]) -> pa.StructType:
    import pyarrow as pa

    return pa.struct([(name, getattr(pa, kind)()) for name, kind in columns])


def _parsed_arrow() -> pa.Schema:
    """:func:`_parsed_ddl` in arrow: the rows are typed as :class:`~nlp.batch.datasets.DatasetWriter` types them."""
    import pyarrow as pa

    from nlp.batch.datasets import NOTICE_COLUMNS, PAIR_COLUMNS

    return pa.schema([("path", pa.string()), ("text_key", pa.string()), ("stage", pa.string()),
                      ("cause", pa.string()), ("notice", _arrow_struct(NOTICE_COLUMNS)),
                      ("pair_rows", pa.list_(_arrow_struct(PAIR_COLUMNS)))])


# -- on the executors ------------------------------------------------------------------------------

#: the options the pipeline of this worker process was loaded with (Spark reuses its Python workers)
_LOADED: list[Options] = []


def _load_models(options: Options) -> None:
    """Load the pipeline once per worker process and per options, not once per partition."""
    from nlp.batch.parallel import _init_worker

    if not _LOADED or _LOADED[0] != options:  # Options holds a dict: compared, not hashed
        _init_worker(options)
        _LOADED[:] = [options]


def parse_partition(batches: Iterator[pa.RecordBatch], options: Options,
                    shown: dict[str, str]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow``: batches of (path, content) → batches of parsed files (:func:`_parsed_arrow`)."""
    import pyarrow as pa

    _load_models(options)
    schema = _parsed_arrow()
    with tempfile.TemporaryDirectory(prefix="zhenggai-spark-") as tmp:
        for batch in batches:
            paths, contents = batch.column("path"), batch.column("content")
            # one file's bytes in Python at a time
            rows = [parse_file(paths[i].as_py(), contents[i].as_py(), options, shown, Path(tmp))
                    for i in range(batch.num_rows)]
            yield pa.RecordBatch.from_pylist(rows, schema=schema)


def parse_file(uri: str, content: bytes | None, options: Options, shown: dict[str, str], tmp: Path) -> dict:
    """One file's notice row and pair rows, or the stage and cause of its failure. The bytes are
    read back from a temporary file by :func:`nlp.reader.read`, so reading is the batch's own;
    ``content`` is None for a file over :func:`read_cap`, which Spark did not read."""
    from nlp.batch.datasets import notice_row, pair_row_dicts
    from nlp.batch.parallel import _parse_one

    path = shown_path(uri, shown)
    if content is None:  # the reader's own words for a file over the cap
        cap = read_cap(options.limits)
        return {"path": path, "stage": "read",
                "cause": f"the file is larger than the {cap // 2**20} MB limit (raise it with --max-mb)"}
    file = tmp / ("notice" + PurePosixPath(uri).suffix)  # the suffix decides the format where the bytes do not
    file.write_bytes(content)
    try:
        kind, line, text_key, _ = _parse_one(str(file), options.limits)
    finally:
        file.unlink(missing_ok=True)
    payload = json.loads(line)
    if kind != "ok":
        return {"path": path, "stage": payload["stage"], "cause": payload["cause"].replace(str(file), path)}
    payload["source"]["path"] = path
    return {"path": path, "text_key": text_key, "notice": notice_row(payload),
            "pair_rows": list(pair_row_dicts(payload))}


# -- on the driver ---------------------------------------------------------------------------------

def get_session(master: str = "local[2]") -> SparkSession:
    """The SparkSession (会话) on ``master``: the running one if there is one, else a new one."""
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        # a local master's Python workers are started as PYSPARK_PYTHON (default: python3 on the PATH,
        # which may lack this package): this interpreter has it
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    with _quiet():
        return SparkSession.builder.master(master).appName("zhenggai").getOrCreate()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pyspark warns that it does not fully support pandas 3; the batches here are arrow, not pandas."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        yield


def read_files(spark: SparkSession, found: Found, limits: Limits) -> DataFrame | None:
    """(path, content) of every file; None when there are none. Content is null for a file over
    :func:`read_cap`, whose bytes are never read (Spark filters binaryFile rows on ``length`` before
    reading), and empty for an empty file (the scan drops those: they are found in the listing)."""
    from pyspark.sql import functions as F

    cap = read_cap(limits)
    parts = []
    for files in _scans(spark, found):
        listed = spark.createDataFrame([(_hadoop_path(uri),) for uri in files.inputFiles()], "path string")
        parts += [files.where(F.col("length") <= cap).select("path", "content"),
                  files.where(F.col("length") > cap).select("path", F.lit(None).cast("binary").alias("content")),
                  listed.join(files.select("path"), "path", "left_anti").select("path", F.lit(b"").alias("content"))]
    return _union(parts) if parts else None


def _scans(spark: SparkSession, found: Found) -> list[DataFrame]:
    """The binaryFile scans: the files named one by one (read whatever their suffix, as the batch
    does), and the folders searched for the notice suffixes."""
    scans = []
    if found.files:
        scans.append(spark.read.format("binaryFile").load([_local_or_uri(p) for p in found.files]))
    if found.folders:
        scans.append(spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                     .option("pathGlobFilter", suffix_glob()).load([_local_or_uri(p) for p in found.folders]))
    return scans


def _hadoop_path(uri: str) -> str:
    """A listed file's URI (``file:///a%20b.txt``) as the scan's path column has it (``file:/a b.txt``).

    >>> _hadoop_path("file:///in/a%20%5B2%5D.txt"), _hadoop_path("hdfs://nn:8020/in/a.txt")
    ('file:/in/a [2].txt', 'hdfs://nn:8020/in/a.txt')
    """
    parts = urlsplit(uri)
    return f"{parts.scheme}:" + (f"//{parts.netloc}" if parts.netloc else "") + unquote(parts.path)


def _local_or_uri(path: str) -> str:
    return path if _REMOTE.match(path) else _hadoop_literal(path)


def _union(frames: list[DataFrame]) -> DataFrame:
    whole = frames[0]
    for frame in frames[1:]:
        whole = whole.unionByName(frame)
    return whole


def parse_files(spark: SparkSession, found: Found, options: Options) -> DataFrame:
    """Every file parsed (:func:`_parsed_ddl`), once each even when two inputs name it."""
    from functools import partial

    files = read_files(spark, found, options.limits)
    if files is None:
        return spark.createDataFrame([], _parsed_ddl())
    with _quiet():
        parsed = files.mapInArrow(partial(parse_partition, options=options, shown=found.shown), _parsed_ddl())
    # two inputs may name the same file (a folder and a file in it); one input never does
    return parsed.dropDuplicates(["path"]) if len(found.files) + len(found.folders) > 1 else parsed


def _path_order() -> Column:
    """Rows in the order of ``zhenggai batch`` within a folder: by path, part by part (as Path sorts)."""
    from pyspark.sql import functions as F

    return F.split(F.col("path"), "/")


def notices_frame(parsed: DataFrame) -> DataFrame:
    """The notices.parquet rows: a notice whose text an earlier path has is ``duplicate_of`` that path."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from nlp.batch.datasets import NOTICE_COLUMNS

    first = F.first("path").over(Window.partitionBy("text_key").orderBy(_path_order()))
    done = parsed.where(F.col("notice").isNotNull()).withColumn("first", first)
    duplicate = F.when(F.col("first") != F.col("path"), F.col("first"))
    return done.orderBy(_path_order()).select(*[
        (duplicate if name == "duplicate_of" else F.col(f"notice.`{name}`")).alias(name) for name, _ in NOTICE_COLUMNS])


def pairs_frame(parsed: DataFrame) -> DataFrame:
    """The pairs.parquet rows, by path then pair (explode keeps a notice's pairs in their order)."""
    from pyspark.sql import functions as F

    from nlp.batch.datasets import PAIR_COLUMNS

    pairs = parsed.where(F.col("notice").isNotNull()).orderBy(_path_order()).select(F.explode("pair_rows").alias("p"))
    return pairs.select(*[F.col(f"p.`{name}`").alias(name) for name, _ in PAIR_COLUMNS])


def errors_frame(spark: SparkSession, parsed: DataFrame, bad: list[tuple[str, str]]) -> DataFrame:
    """The errors.parquet rows: the inputs that name nothing usable, then the files that failed."""
    from pyspark.sql import functions as F

    unusable = spark.createDataFrame([(raw, "find", cause) for raw, cause in bad], _ddl_fields(ERROR_COLUMNS, " "))
    failed = parsed.where(F.col("stage").isNotNull()).orderBy(_path_order()).select("path", "stage", "cause")
    return unusable.unionByName(failed)


def _counts(parsed: DataFrame, bad: list[tuple[str, str]]) -> dict[str, int]:
    from pyspark.sql import functions as F

    row = parsed.agg(F.count("notice").alias("notices"), F.coalesce(F.sum("notice.pairs"), F.lit(0)).alias("pairs"),
                     F.count("stage").alias("errors")).first()
    return {"notices": row["notices"], "pairs": row["pairs"], "errors": row["errors"] + len(bad)}


def run_spark(inputs: list[str], outdir: Path | str, master: str = "local[2]", options: Options | None = None,
              spark: SparkSession | None = None) -> dict[str, int]:
    """Parse every input on Spark into the Parquet folders of ``outdir`` (see the module docstring);
    the counts of notices, pairs and errors. ``spark`` is the session to use (else :func:`get_session`)."""
    from pyspark import StorageLevel

    from nlp.batch.parallel import Options

    options = options or Options()
    spark = spark or get_session(master)
    found = find_inputs(inputs)
    # a local folder made absolute here: Spark resolves a relative one against the JVM's first directory
    target = str(outdir).rstrip("/") if _REMOTE.match(str(outdir)) else os.path.abspath(outdir)
    with _few_shuffle_partitions(spark):
        parsed = parse_files(spark, found, options).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            counts = _counts(parsed, found.bad)  # parses every file, once: the writes read the cached rows
            notices_frame(parsed).write.mode("overwrite").parquet(f"{target}/notices.parquet")
            pairs_frame(parsed).write.mode("overwrite").parquet(f"{target}/pairs.parquet")
            errors_frame(spark, parsed, found.bad).write.mode("overwrite").parquet(f"{target}/errors.parquet")
        finally:
            parsed.unpersist()
    return counts


@contextlib.contextmanager
def _few_shuffle_partitions(spark: SparkSession) -> Iterator[None]:
    """Two shuffle partitions per core for the run, unless the session was given a number: the rows
    after parsing are small (no text), and Spark's default of 200 costs seconds of empty tasks on a
    small run. The session's setting is restored after."""
    key = "spark.sql.shuffle.partitions"
    before = spark.conf.get(key)
    if spark.sparkContext.getConf().contains(key) or before != "200":
        yield
        return
    spark.conf.set(key, str(2 * spark.sparkContext.defaultParallelism))
    try:
        yield
    finally:
        spark.conf.set(key, before)


# -- command line ----------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The arguments of ``zhenggai spark``."""
    parser.add_argument("inputs", nargs="+", help="files, folders (searched recursively) and globs; "
                        "folders of other file systems as URIs (hdfs://, s3a://)")
    parser.add_argument("--output", "-o", required=True, metavar="OUTDIR", help="the dataset folder (or its URI)")
    parser.add_argument("--master", default="local[2]", help="the Spark master URL (default local[2])")
    return add_pipeline_options(parser)


def run_command(args: argparse.Namespace) -> int:
    """Run ``zhenggai spark``: 0 every file done, 1 some failed, 2 nothing done or a usage error."""
    from nlp.batch.parallel import Options
    from nlp.errors import ZhenggaiError
    from nlp.pipeline import Pipeline
    from nlp.reader.limits import Limits

    if not _REMOTE.match(args.output) and Path(args.output).exists() and not Path(args.output).is_dir():
        return _fail(args.output, "is not a folder; -o names the dataset folder")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return _fail("spark", "pyspark is not installed (pip install 'zhenggai[spark]')")
    options = Options(classify=not args.no_classify, models=args.models, rules_only=args.rules_only,
                      taxonomy=args.taxonomy, limits=Limits(max_mb=args.max_mb, seconds=args.timeout))
    try:  # bad models or taxonomy: one line here, not a failed task on every executor
        Pipeline(classify=options.classify, models=options.models, rules_only=options.rules_only,
                 taxonomy=options.taxonomy)
    except ZhenggaiError as exc:
        return _fail(args.models or args.taxonomy or "models", str(exc))
    from pyspark.errors import AnalysisException, IllegalArgumentException

    started = time.perf_counter()
    try:
        counts = run_spark(args.inputs, args.output, args.master, options)
    except (AnalysisException, IllegalArgumentException) as exc:  # a URI that names nothing, or no host
        return _fail("spark", str(exc).splitlines()[0])
    print(f"zhenggai: {counts['notices']} notices, {counts['pairs']} pairs, {counts['errors']} errors "
          f"(errors.parquet) in {args.output} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    if counts["errors"]:
        return 1
    return 0 if counts["notices"] else 2


def _fail(what: str, cause: str) -> int:
    print(f"zhenggai: {what}: {cause}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """``zhenggai spark INPUT... -o OUTDIR [--master URL] [--no-classify]`` (also ``python -m nlp.adapters.spark``)."""
    parser = argparse.ArgumentParser(prog="zhenggai spark", description="parse many notices on Apache Spark (分布式)")
    return run_command(add_arguments(parser).parse_args(argv))


if __name__ == "__main__":
    # run from the imported module, not __main__: Spark pickles functions of __main__ by value, and
    # each task would then load the models again
    from nlp.adapters.spark import main as _main

    sys.exit(_main())
