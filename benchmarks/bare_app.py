"""The load bench's yardstick: a bare Flask + SQLAlchemy page, 50 rows of resbid's own database in a table.

Served by gunicorn with the same settings as resbid (benchmarks/bench_load.py), so the ratio of a resbid page's
requests per second to this page's says what resbid adds to the framework, the database and the machine.
    DATABASE_URL=... gunicorn --workers 2 --no-control-socket --bind 127.0.0.1:8001 benchmarks.bare_app:app
"""
from __future__ import annotations

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import column, select, table

ROWS = 50
PAGE = """<!doctype html><html lang="en"><head><title>Organisations</title></head><body><table>
<tr><th>Name</th><th>Country</th></tr>
{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.country }}</td></tr>
{% endfor %}</table></body></html>"""

organisation = table("organisation", column("id"), column("name"), column("country"))


def _url(url: str) -> str:
    """psycopg 3 for postgresql:// URLs, as resbid's configuration does."""
    return "postgresql+psycopg://" + url.removeprefix("postgresql://") if url.startswith("postgresql://") else url


app = Flask(__name__)
app.config.update(SQLALCHEMY_DATABASE_URI=_url(os.environ["DATABASE_URL"]),
                  SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
db = SQLAlchemy(app)
template = app.jinja_env.from_string(PAGE)  # compiled once, as Flask's render_template caches a file's


@app.get("/")
def page():
    rows = db.session.execute(select(organisation.c.name, organisation.c.country)
                              .order_by(organisation.c.id).limit(ROWS)).all()
    return template.render(rows=rows)
