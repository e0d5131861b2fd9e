"""File names as text (文件名): a name that is not valid UTF-8 shown with its bytes escaped.

On Linux a file name is bytes; Python gives the bytes that are not UTF-8 as lone surrogates,
which cannot be written to a UTF-8 file or stream. Records, error lines and datasets carry the
name with each such byte written ``\\xNN`` instead, so every output stays valid UTF-8.

>>> import os
>>> path_text(os.fsdecode(b"/data/\\xb2\\xe2.txt"))
'/data/\\\\xb2\\\\xe2.txt'
>>> path_text("/data/通报.txt")
'/data/通报.txt'
"""

from __future__ import annotations

import os


def path_text(path: str | os.PathLike) -> str:
    """``path`` as valid Unicode text: bytes of the name that are not UTF-8 escaped as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
