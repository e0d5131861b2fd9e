"""Load the pattern tables (模式表) kept as YAML under ``nlp/data/``.

>>> "元" in load_table("money")["units"]
True
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import yaml

#: libyaml's safe loader when PyYAML was built with it: the tables load about ten times faster,
#: which every process start (and every batch worker) pays
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML ``text`` safely (no object construction), with libyaml where available."""
    return yaml.load(text, Loader=SAFE_LOADER)


@functools.cache
def load_table(name: str) -> dict[str, Any]:
    """Return the parsed ``nlp/data/<name>.yaml`` (cached: read once per process)."""
    path = resources.files("nlp").joinpath("data", f"{name}.yaml")
    return load_yaml(path.read_text(encoding="utf-8"))


def alternation(words: list[str] | dict[str, Any]) -> str:
    """A regex alternation of literal ``words``, longest first so 实施细则 wins over 细则.

    >>> alternation(["细则", "实施细则"])
    '实施细则|细则'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
