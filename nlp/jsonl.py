"""JSON Lines (JSON 行文件): one JSON value a line, read line by line with the reason a line is not JSON.

Lines are split on newlines only: a record's text may hold U+2028 or U+0085, on which
``str.splitlines`` would break it.

>>> list(json_lines('{"a": 1}\\n\\n[2, \\n'.split("\\n")))
[(1, {'a': 1}, None), (3, None, 'Expecting value')]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def json_lines(lines: Iterable[str]) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, value, None) for every non-blank line that is JSON, (line number, None, why) for
    one that is not (too deep or too many digits included)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except (ValueError, RecursionError) as exc:
            yield number, None, exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
