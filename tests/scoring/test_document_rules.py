"""The tender's published document rules: defaults that leave an existing tender unchanged, the round trip through
the definition dict, and every wrong entry placed."""

from __future__ import annotations

import pytest

from scoring.definition import parse_tender
from scoring.document_rules import FORMATS, DocumentRules
from scoring.problems import InvalidInput
from tests.scoring.builders import make_tender, tender_dict


def test_a_tender_without_rules_allows_every_format_and_needs_no_evidence():
    tender = make_tender()
    assert tender.document_rules == DocumentRules(FORMATS, ())
    assert "documents" not in tender.to_dict()  # an exported tender.yaml reads as before


def test_the_rules_round_trip_in_the_order_of_formats_and_stages():
    tender = make_tender(documents={"formats": ["jpeg", "pdf"], "evidence_required": ["processing", "extraction"]})
    assert tender.document_rules == DocumentRules(("pdf", "jpeg"), ("extraction", "processing"))
    assert tender.to_dict()["documents"] == {"formats": ["pdf", "jpeg"], "evidence_required": ["extraction",
                                                                                              "processing"]}
    assert parse_tender(tender.to_dict()) == tender
    assert tender.lot_view(1).document_rules == tender.document_rules


@pytest.mark.parametrize(("documents", "expected"), [
    ({"formats": ["pdf", "gif"]}, [("documents.formats[1]", "unknown format 'gif': expected one of pdf, png, jpeg, "
                                                              "docx, xlsx, odt")]),
    ({"formats": []}, [("documents.formats", "allow at least one format, or leave the key out for all")]),
    ({"formats": "pdf"}, [("documents.formats", "expected a list of formats from pdf, png, jpeg, docx, xlsx, odt")]),
    ({"evidence_required": ["recycling"]},
     [("documents.evidence_required[0]", "unknown stage 'recycling': expected one of extraction, processing, "
                                         "manufacturing")]),
    ({"evidence": True}, [("documents.evidence", "unknown field")]),
    (["pdf"], [("documents", "expected a mapping with formats and evidence_required")]),
])
def test_each_wrong_entry_is_placed(documents, expected):
    with pytest.raises(InvalidInput) as error:
        parse_tender(tender_dict(documents=documents))
    assert [(problem.place, problem.message) for problem in error.value.problems] == expected
