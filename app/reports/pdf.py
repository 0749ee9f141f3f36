"""Laying out a long PDF in parts, several at a time, and assembling them into one PDF/A-3b file.

WeasyPrint keeps every laid-out page in memory (about 3 MB a page: benchmarks/bench_report.py) and lays
out one document on one core, so a long report is cut into parts: each is laid out and written on its
own, in a pool of processes, and only its PDF bytes come back. Numbering that spans the parts is
added at the end: the front matter, laid out last, quotes the page each anchor landed on, and the
page furniture (running header, "page X of Y", watermark) is a few more small documents, with the
page numbers written out, whose pages are stamped over the merged pages with pikepdf.
"""
from __future__ import annotations

import gc
import io
import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sandbox import collector_paused

if TYPE_CHECKING:
    import pikepdf
    from weasyprint import CSS, Attachment

PDF_VARIANT = "pdf/a-3b"
FURNITURE_PAGES_PER_PART = 100

Furniture = Callable[[range, int], str]  # (page numbers, total pages) -> the HTML of those pages' furniture


class RenderError(Exception):
    """A document could not be laid out as planned (never caused by user text: that is escaped)."""


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF outline, pointing at an anchor (an element id) of the document."""

    title: str
    anchor: str
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class Part:
    """One laid-out part: its PDF bytes, its page count and the page (0-based, in the part) of each anchor."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]


class PdfAssembler:
    """Collects laid-out parts; `finish` adds the front matter and the furniture and merges everything.

    Used as a context manager: with processes > 1 it owns a pool of forked processes, which inherit
    the loaded WeasyPrint and the parsed stylesheet. Fork only from a process without other threads
    (the render worker); WeasyPrint allows no other start method without loading itself again.
    The attachments ride on the front matter, laid out here, the first document of the result.
    """

    def __init__(self, stylesheet: str, front_pages: int = 0, attachments: Sequence[Attachment] = (),
                 processes: int = 1) -> None:
        if attachments and not front_pages:
            raise ValueError("attachments need front matter to ride on")
        self.stylesheet = stylesheet
        self.front_pages = front_pages
        self.attachments = list(attachments)
        self.processes = processes
        self.pool: ProcessPoolExecutor | None = None
        self.parts: list[bytes] = []
        self.page_count = front_pages
        self.anchors: dict[str, int] = {}  # element id -> page number in the whole document (1-based)

    def __enter__(self) -> PdfAssembler:
        if self.processes > 1:
            _css(self.stylesheet)  # parsed before the fork, so every process inherits it
            gc.freeze()  # and the collector in each process leaves the inherited objects (and their pages) alone
            self.pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"))
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            gc.unfreeze()

    def add_parts(self, htmls: Sequence[str], progress: Callable[[int], None] | None = None) -> None:
        """Lay out the body parts, side by side when there is a pool, and append them in order.

        progress(parts done) after each part.
        """
        if self.pool is None:
            parts: Iterable[Part] = (lay_out(self.stylesheet, html) for html in htmls)
        else:
            parts = self.pool.map(lay_out, [self.stylesheet] * len(htmls), htmls)
        for index, part in enumerate(parts, start=1):
            for anchor, page in part.anchors.items():
                self.anchors.setdefault(anchor, self.page_count + page + 1)
            self.page_count += part.pages
            self.parts.append(part.pdf)
            if progress is not None:
                progress(index)

    def finish(self, front_html: str | None, furniture: Furniture, bookmarks: Sequence[Bookmark]) -> bytes:
        """Lay out the furniture, in parts, and the front matter (exactly `front_pages` pages), then merge."""
        numbers = range(1, self.page_count + 1)
        pending = [self._start(furniture(numbers[start:start + FURNITURE_PAGES_PER_PART], self.page_count))
                   for start in range(0, self.page_count, FURNITURE_PAGES_PER_PART)]
        documents = list(self.parts)
        if self.front_pages:
            front = lay_out(self.stylesheet, front_html or "", self.attachments)
            if front.pages != self.front_pages:
                raise RenderError(f"the front matter took {front.pages} pages instead of {self.front_pages}")
            documents.insert(0, front.pdf)
        stamps = [result() for result in pending]
        if sum(stamp.pages for stamp in stamps) != self.page_count:
            raise RenderError(f"furniture for {sum(s.pages for s in stamps)} pages, document has {self.page_count}")
        return merge(documents, [stamp.pdf for stamp in stamps], self._outline(bookmarks))

    def _start(self, html: str) -> Callable[[], Part]:
        """Start laying out a document in the pool, if there is one; the result is the laid-out part."""
        if self.pool is None:
            return lambda: lay_out(self.stylesheet, html)
        return self.pool.submit(lay_out, self.stylesheet, html).result

    def _outline(self, bookmarks: Sequence[Bookmark]) -> list[tuple[str, int, list]]:
        """(title, page index, children) for every bookmark whose anchor was laid out."""
        return [(mark.title, self.anchors[mark.anchor] - 1, self._outline(mark.children))
                for mark in bookmarks if mark.anchor in self.anchors]


def lay_out(stylesheet: str, html: str, attachments: Sequence[Attachment] = ()) -> Part:
    """Lay out and write one document, with the cyclic garbage collector paused (sandbox.collector_paused); one
    collection afterwards frees the document's cycles."""
    # imported where used: WeasyPrint takes 0.4 s to import, which starting the app or the CLI need not pay
    from weasyprint import HTML

    from app.reports.fetcher import DataOnlyFetcher
    with collector_paused():
        document = HTML(string=html, url_fetcher=DataOnlyFetcher()).render(stylesheets=[_css(stylesheet)])
        anchors = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                anchors.setdefault(anchor, index)
        part = Part(document.write_pdf(pdf_variant=PDF_VARIANT, attachments=list(attachments) or None),
                    len(document.pages), anchors)
        del document
    gc.collect()
    return part


@cache
def _css(stylesheet: str) -> CSS:
    """The parsed stylesheet: one parse per process (it holds no URL, so nothing is ever fetched)."""
    from weasyprint import CSS  # imported where used, like HTML in lay_out

    from app.reports.fetcher import DataOnlyFetcher
    return CSS(string=stylesheet, url_fetcher=DataOnlyFetcher())


def merge(documents: Sequence[bytes], furniture: Sequence[bytes], outline: list[tuple[str, int, list]]) -> bytes:
    """Append the documents to the first one, stamp furniture page i on page i, add the outline.

    The first document's catalogue (XMP metadata, output intent, embedded files) becomes the
    result's. Sources stay open until the result is saved: pikepdf copies their streams lazily.
    """
    import pikepdf  # imported where used, so starting the app or the CLI does not load it
    with ExitStack() as stack:
        base = stack.enter_context(pikepdf.open(io.BytesIO(documents[0])))
        for data in documents[1:]:
            base.pages.extend(stack.enter_context(pikepdf.open(io.BytesIO(data))).pages)
        stamps = [page for data in furniture for page in stack.enter_context(pikepdf.open(io.BytesIO(data))).pages]
        for number, (page, stamp) in enumerate(zip(base.pages, stamps), start=1):
            _stamp(base, page, stamp, number)
        with base.open_outline() as pdf_outline:
            pdf_outline.root.extend(_outline_items(outline))
        output = io.BytesIO()
        base.save(output, deterministic_id=True)
    return output.getvalue()


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, stamp: pikepdf.Page, number: int) -> None:
    """Draw the stamp page over the page as a form XObject named after the page number.

    Like pikepdf's add_overlay, but with a fixed resource name (add_overlay picks a random one,
    which would make two renders of the same data differ) and unique per page, because
    WeasyPrint's pages share one resource dictionary.
    """
    import pikepdf  # already loaded by merge, the only caller
    name = pikepdf.Name(f"/ResbidFurniture{number}")
    page.add_resource(pdf.copy_foreign(stamp.as_form_xobject()), pikepdf.Name.XObject, name)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q q " + bytes(name.unparse()) + b" Do Q\n"))


def _outline_items(entries: list[tuple[str, int, list]]) -> list[pikepdf.OutlineItem]:
    import pikepdf  # already loaded by merge, the only caller
    items = []
    for title, page_index, children in entries:
        item = pikepdf.OutlineItem(title, page_index)
        item.children.extend(_outline_items(children))
        items.append(item)
    return items
