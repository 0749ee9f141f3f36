"""Reading an upload in a child process with a memory cap, so no workbook can take the server's memory.

The reader's own caps keep every upload of up to the size limit within a few hundred MB; the child's
address-space cap is the backstop for whatever they miss. A child that dies (out of memory, time or
otherwise) is a refusal for the bidder, logged with its reason for the operator. The child is a fork
(sandbox/), and its answer comes back as JSON, never as a pickle: it has handled untrusted bytes.
"""
from __future__ import annotations

import gc
import json
import logging
from collections.abc import Sequence
from functools import partial

from sandbox import Limits, WorkerFailed, collector_paused, run_forked_each
from scoring.definition import Tender
from scoring.problems import Problem
from workbooks.child_limits import DEFAULT_MEMORY_MB, SECONDS
from workbooks.model import ParsedWorkbook, TenderInfo, WorkbookRejected
from workbooks.reader import prepare, read_workbook
from workbooks.safety import DEFAULT_LIMITS, SAVE_AS, refuse
from workbooks.safety import Limits as ReadLimits
from workbooks.wording import ENGLISH_WORDING, Wording, messages_in
from workbooks.wording import say as _

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
                            words: Wording = ENGLISH_WORDING, messages: Wording = ENGLISH_WORDING, at_once: int = 1,
                            per_child: int = 1) -> list[ParsedWorkbook | WorkbookRejected]:
    """Each upload read as read_workbook_isolated reads one, `at_once` children at a time, each child reading up to
    `per_child` of them one after another (forking costs about as much as reading a small workbook): in order, its
    bid or the WorkbookRejected saying why not. A child that cannot finish its uploads is followed by one child
    for each of them, so only an upload that stops a child of its own is refused for it."""
    prepare(tender, info, limits, words)  # once here, not in every child
    batches = [uploads[start:start + per_child] for start in range(0, len(uploads), per_child)]
    works = [partial(_read_each, batch, tender, info, limits, words, messages) for batch in batches]
    outcomes = run_forked_each(works, Limits(seconds=SECONDS * per_child, memory_mb=memory_mb),
                               "reading an uploaded workbook", at_once)
    answers: list[ParsedWorkbook | WorkbookRejected] = []
    for batch, outcome in zip(batches, outcomes, strict=True):
        if isinstance(outcome, WorkerFailed) and len(batch) > 1:
            logger.info("%s; its %d workbooks are read again, one child each", outcome, len(batch))
            answers += read_workbooks_isolated(batch, tender, info, limits, memory_mb, words, messages, at_once)
        else:
            answers += _answers(outcome, messages)
    return answers


def _read_each(batch: Sequence[bytes], tender: Tender, info: TenderInfo, limits: ReadLimits, words: Wording,
               messages: Wording) -> bytes:
    """In the child: each upload's bid or problems, as JSON (never a pickle: the child has handled untrusted
    bytes). What one reading leaves behind is collected before the next, so each reads within the memory cap; the
    objects inherited from the parent are frozen first, so collecting never walks, and so copies, them."""
    gc.freeze()
    answers = []
    for data in batch:
        if answers:
            gc.collect()  # what the reading before left
        try:
            answers.append({"bid": read_workbook(data, tender, info, limits, words, messages).to_dict()})
        except WorkbookRejected as error:
            answers.append({"problems": [[problem.place, problem.message] for problem in error.problems]})
    return json.dumps(answers).encode("utf-8")


def _answers(outcome: bytes | WorkerFailed, messages: Wording) -> list[ParsedWorkbook | WorkbookRejected]:
    """The child's answers as bids or refusals; a child that could not finish its one upload is a refusal too,
    logged. Decoded with the collector paused, as they were read: the lines are the most objects of the read."""
    if isinstance(outcome, WorkerFailed):
        logger.warning("%s", outcome)
        with messages_in(messages):
            return [refuse(_("this workbook is too large or damaged to read: %(fix)s", fix=_(SAVE_AS)))]
    with collector_paused():
        return [_answer(answer) for answer in json.loads(outcome)]


def _answer(answer: dict) -> ParsedWorkbook | WorkbookRejected:
    """One upload's answer as the bid or its refusal."""
    if "problems" in answer:
        return WorkbookRejected([Problem(place, message) for place, message in answer["problems"]])
    return ParsedWorkbook.from_dict(answer["bid"])
