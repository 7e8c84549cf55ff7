"""The data files of ``thaidoc.thai`` (``thaidoc/thai/data/*.json``): vocabulary lives in
data, the parsers hold only the mechanism."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_lexicon(name: str) -> dict[str, Any]:
    """``thaidoc/thai/data/<name>`` as parsed JSON (each file says what it holds in _doc)."""
    data: dict[str, Any] = json.loads(
        resources.files("thaidoc.thai").joinpath(f"data/{name}").read_text("utf-8")
    )
    return data
