"""Reading an upload in a child process with a memory cap, so no workbook can take the server's memory.

The reader's own caps keep every upload of up to the size limit within a few hundred MB; the child's
address-space cap is the backstop for whatever they miss. A child that dies (out of memory, time or
otherwise) is a refusal for the bidder, logged with its reason for the operator. The child is a fork
(sandbox/), and its answer comes back as JSON, never as a pickle: it has handled untrusted bytes.
"""
from __future__ import annotations

import json
import logging

from sandbox import Limits, WorkerFailed, run_forked
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
    prepare(tender, info, limits, words)  # once here, not in every child

    def work() -> bytes:
        try:
            answer = {"bid": read_workbook(data, tender, info, limits, words, messages).to_dict()}
        except WorkbookRejected as error:
            answer = {"problems": [[problem.place, problem.message] for problem in error.problems]}
        return json.dumps(answer).encode("utf-8")

    try:
        answer = json.loads(run_forked(work, Limits(seconds=SECONDS, memory_mb=memory_mb),
                                       "reading an uploaded workbook"))
    except WorkerFailed as error:
        logger.warning("%s", error)
        with messages_in(messages):
            raise refuse(_("this workbook is too large or damaged to read: %(fix)s", fix=_(SAVE_AS))) from error
    if "problems" in answer:
        raise WorkbookRejected([Problem(place, message) for place, message in answer["problems"]])
    return ParsedWorkbook.from_dict(answer["bid"])
