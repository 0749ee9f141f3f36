"""Fixtures of the workbook tests: the sample tender, its template and a filled workbook (no app, no database)."""
from __future__ import annotations

import pytest

from tests.workbooks import sample
from workbooks import build_template, fill_workbook


@pytest.fixture(scope="session")
def tender():
    return sample.tender()


@pytest.fixture(scope="session")
def info():
    return sample.INFO


@pytest.fixture(scope="session")
def template(tender, info):
    return build_template(tender, info)


@pytest.fixture(scope="session")
def filled(template):
    return fill_workbook(template, sample.filling())


@pytest.fixture
def fill(template):
    """Fills the sample template with the sample bid, changed by the given field values."""
    from dataclasses import replace

    def make(**changes) -> bytes:
        return fill_workbook(template, replace(sample.filling(), **changes))
    return make
