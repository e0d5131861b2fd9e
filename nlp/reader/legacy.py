"""Legacy Word and WPS files (旧版文档): .doc/.wps converted to .docx, .xls/.et to .xlsx by LibreOffice.

LibreOffice runs headless in a temporary folder (its own profile there, so parallel runs do not
share one) with a time limit; the converted file is then read like any .docx or .xlsx.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from nlp.errors import FormatError, LimitError

INSTALL = ("reading .doc/.wps/.xls/.et needs LibreOffice: "
           "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
#: the format each legacy format is converted to
TARGETS = {"doc": "docx", "xls": "xlsx"}


def soffice() -> str:
    """The LibreOffice program (raises :class:`FormatError` naming what to install)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if not program:
        raise FormatError(INSTALL)
    return program


def convert(data: bytes, fmt: str, suffix: str, seconds: float = 120.0) -> bytes:
    """The bytes of ``data`` (a ``doc`` or ``xls`` file with this suffix) converted by LibreOffice."""
    target = TARGETS[fmt]
    program = soffice()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"input{suffix or '.' + fmt}"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                   "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=seconds or None, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LimitError(f"LibreOffice took longer than {seconds:g} s to convert the file") from exc
        converted = Path(tmp) / "out" / f"input.{target}"
        if not converted.exists():
            raise FormatError(f"LibreOffice could not convert the file to .{target} (damaged or not a document)")
        return converted.read_bytes()
