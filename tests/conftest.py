"""Shared test helpers: fixture texts and the development gold beside the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the development data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data not present: {path}")
    return path


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
