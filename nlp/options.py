"""Command-line options shared by the commands that parse (命令行选项): parse, batch, spark."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def add_pipeline_options(parser: argparse.ArgumentParser, limits: bool = True) -> argparse.ArgumentParser:
    """Classification, models, taxonomy and (with ``limits``) the input limits of a parsing command."""
    parser.add_argument("--no-classify", action="store_true", help="skip domain/measure/status classification")
    parser.add_argument("--taxonomy", help="a taxonomy YAML file replacing the default label sets")
    parser.add_argument("--models", metavar="DIR", help="a folder of trained models (default: the shipped ones)")
    parser.add_argument("--rules-only", action="store_true", help="classify by cue rules alone, without models")
    if limits:
        parser.add_argument("--max-mb", type=whole_number(1, None, "megabytes"), metavar="MB",
                            help="largest input file (default per format: "
                            "txt 20, html 50, docx 50, pdf 200)")
        parser.add_argument("--timeout", type=seconds, default=120.0, metavar="S",
                            help="seconds allowed per file (default 120; 0 = none)")
    return parser


def whole_number(low: int, high: int | None, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (no upper bound when None) of ``what``.

    >>> whole_number(1, None, "megabytes")("5"), whole_number(2, 20, "folds")("3")
    (5, 3)
    """
    wanted = f"give {low} to {high} {what}" if high else f"give a whole number of {what}, at least {low}"

    def parse(value: str) -> int:
        if not value.strip().isdigit() or int(value) < low or (high is not None and int(value) > high):
            raise argparse.ArgumentTypeError(f"{value!r}: {wanted}")
        return int(value)

    return parse


def seconds(value: str) -> float:
    """``--timeout``: seconds, 0 or more (0 = no limit); not NaN or infinity.

    >>> seconds("2.5"), seconds("0")
    (2.5, 0.0)
    """
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of seconds, 0 or more (0 = no limit)")
    return number
