"""The portal's forms: one upload form for self-assessment and submission, and the withdrawal button."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired

from app.forms import PageForm, version_field
from app.portal.service import Upload

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
