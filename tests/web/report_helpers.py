"""Helpers shared by the report tests: wait for a background render, read a PDF's text."""
from __future__ import annotations

import re
import subprocess
import time

RENDER_WAIT_SECONDS = 180


def wait_until_rendered(client, status_path: str) -> str:
    """Reload a status page as the browser would (an HTTP Refresh header) until the document is ready."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while True:
        response = client.get(status_path)
        html = response.get_data(as_text=True)
        if 'id="download"' in html:
            return html
        assert "Rendering failed" not in html, html
        assert "Refresh" in response.headers
        assert time.monotonic() < deadline, "the render did not finish in time"
        time.sleep(0.5)


def pdf_text(pdf: bytes) -> str:
    """pdftotext's reading of a PDF."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def squeezed(text: str) -> str:
    """Text without any whitespace, so words wrapped across table lines still match."""
    return re.sub(r"\s+", "", text)
