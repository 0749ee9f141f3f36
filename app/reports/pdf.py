"""Laying out a long PDF in parts and assembling them into one PDF/A-3b file.

WeasyPrint keeps every laid-out page in memory (about 3 MB a page, PERFORMANCE.md), so a long
report is laid out one part at a time and each part is written out before the next begins.
Numbering that spans the parts is added at the end: the front matter, laid out last, quotes the
page each anchor landed on, and the page furniture (running header, "page X of Y", watermark) is
one more small document whose pages are stamped over the merged pages with pikepdf.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass

import pikepdf
from weasyprint import CSS, HTML, Attachment

from app.reports.fetcher import DataOnlyFetcher

PDF_VARIANT = "pdf/a-3b"


class RenderError(Exception):
    """A document could not be laid out as planned (never caused by user text: that is escaped)."""


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF outline, pointing at an anchor (an element id) of the document."""

    title: str
    anchor: str
    children: tuple[Bookmark, ...] = ()


class PdfAssembler:
    """Collects laid-out parts; `finish` adds the front matter and the furniture and merges everything."""

    def __init__(self, stylesheet: str, front_pages: int = 0, attachments: Sequence[Attachment] = ()) -> None:
        self.fetcher = DataOnlyFetcher()
        self.css = CSS(string=stylesheet, url_fetcher=self.fetcher)
        self.front_pages = front_pages
        self.attachments = list(attachments)
        self.parts: list[bytes] = []
        self.page_count = front_pages
        self.anchors: dict[str, int] = {}  # element id -> page number in the whole document (1-based)

    def add_part(self, html: str) -> None:
        """Lay out one body part, note where its anchors fell, and keep only its PDF bytes."""
        document = self._layout(html)
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                self.anchors.setdefault(anchor, self.page_count + index + 1)
        self.page_count += len(document.pages)
        is_first = self.front_pages == 0 and not self.parts
        self.parts.append(self._write(document, with_attachments=is_first))

    def finish(self, front_html: str | None, furniture_html: str, bookmarks: Sequence[Bookmark]) -> bytes:
        """Lay out the front matter (exactly `front_pages` pages) and the furniture, then merge."""
        documents = list(self.parts)
        if self.front_pages:
            front = self._layout(front_html or "")
            if len(front.pages) != self.front_pages:
                raise RenderError(f"the front matter took {len(front.pages)} pages instead of {self.front_pages}")
            documents.insert(0, self._write(front, with_attachments=True))
        furniture = self._layout(furniture_html)
        if len(furniture.pages) != self.page_count:
            raise RenderError(f"furniture for {len(furniture.pages)} pages, document has {self.page_count}")
        return merge(documents, self._write(furniture, with_attachments=False), self._outline(bookmarks))

    def _layout(self, html: str):
        return HTML(string=html, url_fetcher=self.fetcher).render(stylesheets=[self.css])

    def _write(self, document, with_attachments: bool) -> bytes:
        attachments = self.attachments if with_attachments else None
        return document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)

    def _outline(self, bookmarks: Sequence[Bookmark]) -> list[tuple[str, int, list]]:
        """(title, page index, children) for every bookmark whose anchor was laid out."""
        return [(mark.title, self.anchors[mark.anchor] - 1, self._outline(mark.children))
                for mark in bookmarks if mark.anchor in self.anchors]


def merge(documents: Sequence[bytes], furniture: bytes, outline: list[tuple[str, int, list]]) -> bytes:
    """Append the documents to the first one, stamp furniture page i on page i, add the outline.

    The first document's catalogue (XMP metadata, output intent, embedded files) becomes the
    result's. Sources stay open until the result is saved: pikepdf copies their streams lazily.
    """
    with ExitStack() as stack:
        base = stack.enter_context(pikepdf.open(io.BytesIO(documents[0])))
        for data in documents[1:]:
            base.pages.extend(stack.enter_context(pikepdf.open(io.BytesIO(data))).pages)
        stamps = stack.enter_context(pikepdf.open(io.BytesIO(furniture)))
        for number, (page, stamp) in enumerate(zip(base.pages, stamps.pages), start=1):
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
    name = pikepdf.Name(f"/ResbidFurniture{number}")
    page.add_resource(pdf.copy_foreign(stamp.as_form_xobject()), pikepdf.Name.XObject, name)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q q " + bytes(name.unparse()) + b" Do Q\n"))


def _outline_items(entries: list[tuple[str, int, list]]) -> list[pikepdf.OutlineItem]:
    items = []
    for title, page_index, children in entries:
        item = pikepdf.OutlineItem(title, page_index)
        item.children.extend(_outline_items(children))
        items.append(item)
    return items
