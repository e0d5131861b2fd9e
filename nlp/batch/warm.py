"""A warm default pipeline, imported once by the batch runner's fork server (预热).

Workers are forked from a server process that imported this module, so each starts with the
libraries imported, the default models loaded and the first-call caches (the word segmenter,
compiled patterns) filled, instead of paying about half a second to build them again. A worker
whose options differ from the defaults builds its own pipeline as before.
"""

from __future__ import annotations

from nlp.errors import ZhenggaiError
from nlp.pipeline import Pipeline

#: a short notice run once so that every component fills its caches
SAMPLE = (
    "关于巡察整改情况的通报\n"
    "一、关于“财务管理不规范”问题\n"
    "整改情况：一是2023年5月修订《财务管理办法》；二是收回资金1.2万元，整改完成。\n"
)


def _warm() -> Pipeline | None:
    try:
        pipeline = Pipeline()
        pipeline(SAMPLE)
    except ZhenggaiError:  # missing or damaged models: each worker then reports it in its own words
        return None
    return pipeline


#: the default pipeline, ready to parse; None when it could not be built
PIPELINE = _warm()
