"""zhenggai (整改): structured records from Chinese rectification notices."""

__version__ = "0.1.0"
