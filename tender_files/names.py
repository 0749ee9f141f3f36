"""When two organisation names are the same organisation: for a folder's bid workbooks (a company in two of them) and
for the accounts and imports of the app. Apart from the folder's reading, so the app's directory does not load it."""
from __future__ import annotations


def name_key(name: str) -> str:
    """What makes two organisation names the same: letters compared without case (Unicode casefold, so
    "ÖKO" is "öko"), spaces collapsed and trimmed."""
    return " ".join(name.split()).casefold()
