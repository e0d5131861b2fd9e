"""The batch runner (批处理): read, parse and write each file in turn, kept apart from extraction.

Each record is handed to the writer as soon as it is done; a file that fails is reported
through ``on_error`` with its one-line cause and the run goes on. A user error (a
:class:`~nlp.errors.ZhenggaiError`) is the file's fault; anything else is a bug, reported as
an internal error naming the file.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nlp.errors import LimitError, ZhenggaiError
from nlp.reader import read
from nlp.reader.limits import Limits
from nlp.record import to_record


@dataclass
class BatchResult:
    """What a batch run did: records written, files failed, and whether any failure was a bug."""

    written: int = 0
    failed: list[str] = field(default_factory=list)
    internal: bool = False

    @property
    def exit_status(self) -> int:
        """0 all done, 1 some failed, 2 none done, 3 an internal error (a bug)."""
        if self.internal:
            return 3
        if not self.written:
            return 2
        return 1 if self.failed else 0


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`LimitError` in the block once ``seconds`` have passed (main thread, Unix only;
    elsewhere the block runs unbounded)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise LimitError(f"parsing took longer than {seconds:g} s (raise the limit with --timeout)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


ErrorHandler = Callable[[object, str, BaseException | None], None]


def run_batch(items: list[Path | tuple[str, str]], pipeline: Callable, write: Callable[[dict], None],
              on_error: ErrorHandler, limits: Limits | None = None, ocr: bool = False) -> BatchResult:
    """Parse every item (a path, or a ``(path, cause)`` already known to be unusable) and ``write``
    each record; ``on_error(path, cause, exception)`` hears of each failure (the exception is
    given for internal errors only)."""
    limits = limits or Limits()
    result = BatchResult()
    for item in items:
        if isinstance(item, tuple):
            on_error(item[0], item[1], None)
            result.failed.append(item[0])
            continue
        try:
            with deadline(limits.seconds):
                document = read(item, limits, ocr)
                record = to_record(pipeline(document.text, document.source, document.tables))
        except ZhenggaiError as exc:
            on_error(item, str(exc), None)
            result.failed.append(str(item))
        except Exception as exc:  # a bug on one notice must not lose the others' output
            on_error(item, f"internal error ({type(exc).__name__}: {exc}); please report it with this file", exc)
            result.failed.append(str(item))
            result.internal = True
        else:
            write(record)
            result.written += 1
    return result
