"""Short ASCII names made from user text: bid labels and download file names."""
from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (Magnetics Europe SE -> magnetics-europe-se); may be empty."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_SLUG].strip("-")
