"""Command-line options shared by the commands that parse (命令行选项): parse, batch, spark."""

from __future__ import annotations

import argparse


def add_pipeline_options(parser: argparse.ArgumentParser, limits: bool = True) -> argparse.ArgumentParser:
    """Classification, models, taxonomy and (with ``limits``) the input limits of a parsing command."""
    parser.add_argument("--no-classify", action="store_true", help="skip domain/measure/status classification")
    parser.add_argument("--taxonomy", help="a taxonomy YAML file replacing the default label sets")
    parser.add_argument("--models", metavar="DIR", help="a folder of trained models (default: the shipped ones)")
    parser.add_argument("--rules-only", action="store_true", help="classify by cue rules alone, without models")
    if limits:
        parser.add_argument("--max-mb", type=int, metavar="MB", help="largest input file (default per format: "
                            "txt 20, html 50, docx 50, pdf 200)")
        parser.add_argument("--timeout", type=float, default=120.0, metavar="S",
                            help="seconds allowed per file (default 120; 0 = none)")
    return parser
