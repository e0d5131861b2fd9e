"""Batch runs (批处理): many notice files in, records out, one bad file never stopping the rest."""

from nlp.batch.runner import BatchResult, deadline, run_batch

__all__ = ["BatchResult", "deadline", "run_batch"]
