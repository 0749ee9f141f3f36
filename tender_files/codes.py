"""The goods codes of a tender, checked the same way in the web form and in a tender.yaml import.

- CN code: the Combined Nomenclature of Council Regulation (EEC) No 2658/87, Annex I, eight digits, written in
  groups as the nomenclature prints them: `8505 11 00` (the first six digits are the Harmonized System).
- CPV code: the Common Procurement Vocabulary of Regulation (EC) No 2195/2002 (as amended by Regulation (EC)
  No 213/2008), eight digits and a check digit after a hyphen: `31434000-7`. The regulations do not publish
  how the check digit is computed, so only its form is checked.
"""
from __future__ import annotations

import re

from scoring.messages import Message

CN_DIGITS = re.compile(r"^\d{8}$")
CPV = re.compile(r"^\d{8}(-\d)?$")
CN_EXAMPLE, CPV_EXAMPLE = "8505 11 00", "31434000-7"


def cn_digits(text: str) -> str:
    """The code without its group spaces (and dots, as some lists write it)."""
    return re.sub(r"[\s.]", "", text or "")


def cn_code_problem(text: str) -> str | None:
    """Why a CN code is not one, in plain words, or None."""
    if not CN_DIGITS.match(cn_digits(text)):
        return Message("expected the eight digits of a CN code, such as %(example)s", example=CN_EXAMPLE)
    return None


def cn_code_text(text: str) -> str:
    """A valid CN code as the nomenclature writes it: 85051100 -> 8505 11 00."""
    digits = cn_digits(text)
    return f"{digits[:4]} {digits[4:6]} {digits[6:]}"


def cpv_code_problem(text: str) -> str | None:
    """Why a CPV code is not one, in plain words, or None."""
    if not CPV.match((text or "").strip()):
        return Message("expected eight digits, a hyphen and the check digit, such as %(example)s", example=CPV_EXAMPLE)
    return None
