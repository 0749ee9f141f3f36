"""Reading an upload in a child process with a memory cap, so no workbook can take the server's memory.

The reader's own caps keep every upload of up to the size limit within a few hundred MB; the child's
address-space cap is the backstop for whatever they miss. A child that dies (out of memory, time or
otherwise) is a refusal for the bidder, logged with its reason for the operator. The child is a fork
(sandbox/), and its answer comes back as JSON, never as a pickle: it has handled untrusted bytes.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from functools import partial

from sandbox import Limits, WorkerFailed, run_forked_each
from scoring.definition import Tender
from scoring.problems import Problem
from workbooks.model import ParsedWorkbook, TenderInfo, WorkbookRejected
from workbooks.reader import prepare, read_workbook
from workbooks.safety import DEFAULT_LIMITS, SAVE_AS, refuse
from workbooks.safety import Limits as ReadLimits
from workbooks.wording import ENGLISH_WORDING, Wording, messages_in
from workbooks.wording import say as _

DEFAULT_MEMORY_MB = 512  # address space the read may add; resident memory stays well below (`make bench`)
SECONDS = 120  # a 20,000-line workbook takes a few seconds
logger = logging.getLogger(__name__)


def read_workbook_isolated(data: bytes, tender: Tender, info: TenderInfo, limits: ReadLimits = DEFAULT_LIMITS,
                           memory_mb: int = DEFAULT_MEMORY_MB, words: Wording = ENGLISH_WORDING,
                           messages: Wording = ENGLISH_WORDING) -> ParsedWorkbook:
    """read_workbook in a child process that may add memory_mb of address space: the bid, or WorkbookRejected
    (also when the child could not finish). `words` and `messages` as read_workbook's (the child is a fork: it
    has the caller's catalogues)."""
    [outcome] = read_workbooks_isolated([data], tender, info, limits, memory_mb, words, messages)
    if isinstance(outcome, WorkbookRejected):
        raise outcome
    return outcome


def read_workbooks_isolated(uploads: Sequence[bytes], tender: Tender, info: TenderInfo,
                            limits: ReadLimits = DEFAULT_LIMITS, memory_mb: int = DEFAULT_MEMORY_MB,
                            words: Wording = ENGLISH_WORDING, messages: Wording = ENGLISH_WORDING, at_once: int = 1
                            ) -> list[ParsedWorkbook | WorkbookRejected]:
    """Each upload read as read_workbook_isolated reads one, `at_once` children at a time: in order, its bid or
    the WorkbookRejected saying why not."""
    prepare(tender, info, limits, words)  # once here, not in every child
    works = [partial(_read, data, tender, info, limits, words, messages) for data in uploads]
    outcomes = run_forked_each(works, Limits(seconds=SECONDS, memory_mb=memory_mb), "reading an uploaded workbook",
                               at_once)
    return [_answer(outcome, messages) for outcome in outcomes]


def _read(data: bytes, tender: Tender, info: TenderInfo, limits: ReadLimits, words: Wording, messages: Wording
          ) -> bytes:
    """In the child: the bid or the problems, as JSON (never a pickle: the child has handled untrusted bytes)."""
    try:
        answer = {"bid": read_workbook(data, tender, info, limits, words, messages).to_dict()}
    except WorkbookRejected as error:
        answer = {"problems": [[problem.place, problem.message] for problem in error.problems]}
    return json.dumps(answer).encode("utf-8")


def _answer(outcome: bytes | WorkerFailed, messages: Wording) -> ParsedWorkbook | WorkbookRejected:
    """The child's answer as the bid or its refusal; a child that could not finish is a refusal too, logged."""
    if isinstance(outcome, WorkerFailed):
        logger.warning("%s", outcome)
        with messages_in(messages):
            return refuse(_("this workbook is too large or damaged to read: %(fix)s", fix=_(SAVE_AS)))
    answer = json.loads(outcome)
    if "problems" in answer:
        return WorkbookRejected([Problem(place, message) for place, message in answer["problems"]])
    return ParsedWorkbook.from_dict(answer["bid"])
