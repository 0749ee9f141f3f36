"""The sample tender folders the tests run on: all of them, those evaluated as one lot, and those in lots."""
from __future__ import annotations

from pathlib import Path

import yaml

SAMPLES_DIR = Path(__file__).parents[1] / "sample_tenders"
SAMPLES = sorted(path.parent for path in SAMPLES_DIR.glob("*/tender.yaml"))
DIVIDED = [path for path in SAMPLES if yaml.safe_load((path / "tender.yaml").read_text("utf-8")).get("lots")]
UNDIVIDED = [path for path in SAMPLES if path not in DIVIDED]
