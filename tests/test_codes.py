"""CN and CPV codes: one check for the web form and the tender.yaml import (tender_files/codes.py)."""
from __future__ import annotations

import pytest

from tender_files.codes import cn_code_problem, cn_code_text, cpv_code_problem


@pytest.mark.parametrize("code", ["8505 11 00", "85051100", "8505.11.00"])
def test_a_cn_code_is_eight_digits_written_in_groups(code):
    assert cn_code_problem(code) is None
    assert cn_code_text(code) == "8505 11 00"


@pytest.mark.parametrize("code", ["8505 11", "8505 11 00 1", "85O51100", ""])
def test_other_cn_codes_are_refused_with_an_example(code):
    assert cn_code_problem(code) == "expected the eight digits of a CN code, such as 8505 11 00"


def test_cpv_codes_have_eight_digits_and_a_check_digit():
    assert cpv_code_problem("31434000-7") is None and cpv_code_problem("31434000") is None
    for code in ("3143400-7", "31434000-77", "31434000 7"):
        assert "such as 31434000-7" in cpv_code_problem(code)
