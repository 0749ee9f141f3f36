"""The portal's forms: one upload form for self-assessment and submission, a bid document, an answer to the
committee, and the buttons."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from app.forms import PageForm, version_field
from app.portal.documents import DocumentUpload
from app.portal.service import Upload
from app.portal.verification import SentFile
from app.records.bid_documents import KIND_NAMES

XLSX_ONLY = _l("only Excel workbooks (.xlsx) are accepted: save the file as an Excel Workbook (.xlsx), "
               "without macros, and upload it again")


class UploadForm(PageForm):
    """A filled workbook; `live_version` is the version shown as live when the page was loaded (0 for none)."""

    workbook = FileField(_l("Filled workbook (.xlsx)"), validators=[
        FileRequired(_l("choose the filled workbook to upload")), FileAllowed(["xlsx"], XLSX_ONLY)])
    live_version = version_field()

    def upload(self) -> Upload:
        """The file as received: the name the browser sent and the exact bytes."""
        storage = self.workbook.data
        storage.stream.seek(0)  # a view retried after a deadlock reads the file again
        return Upload(name=storage.filename or "", data=storage.read())


class WithdrawForm(PageForm):
    """Empty form: withdrawing is a POST carrying the CSRF token."""


class SubmitCheckedForm(PageForm):
    """Submit the workbook checked last, without choosing the file again; `live_version` as in UploadForm."""

    live_version = version_field()


class DocumentForm(PageForm):
    """One document of the live version: its kind (which decides its envelope), the file, and an optional
    reference the supply chain's Evidence cells may name. The file's type is checked from its content by the
    service, not from its name here."""

    kind = SelectField(_l("Kind of document"),
                       choices=[SelectChoice(kind, name) for kind, name in KIND_NAMES.items()])
    document = FileField(_l("Document"), validators=[FileRequired(_l("choose the document to upload"))])
    reference = StringField(_l("Reference (optional)"), validators=[Length(max=80)])

    def upload(self) -> DocumentUpload:
        storage = self.document.data
        storage.stream.seek(0)  # a view retried after a deadlock reads the file again
        return DocumentUpload(kind=self.kind.data, reference=self.reference.data or "",
                              name=storage.filename or "", data=storage.read())


class RemoveDocumentForm(PageForm):
    """Empty form: removing a document is a POST carrying the CSRF token."""


class AnswerForm(PageForm):
    """The bidder's answer to a verification request: the text, and documents whose type the service checks from
    their content (app/portal/verification.py)."""

    text = TextAreaField(_l("Your answer"), validators=[DataRequired(message=_l("write your answer")),
                                                        Length(max=8000)])
    documents = MultipleFileField(_l("Documents (optional)"))

    def files(self) -> list[SentFile]:
        sent = []
        for storage in self.documents.data or []:
            if storage and storage.filename:
                storage.stream.seek(0)  # a view retried after a deadlock reads the file again
                sent.append(SentFile(storage.filename, storage.read()))
        return sent
