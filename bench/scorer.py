"""The shared scorer (../shared/tools/score_extraction.py), loaded as a module, for the benchmarks
that score the extraction (devset.py, calibrate.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_scorer() -> ModuleType:
    """The scorer module: score(gold, pred), total(results), match_entities, UNSCORED_MODALITIES."""
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
