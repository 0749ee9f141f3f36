"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`.

Starting creates about a million objects, all kept for the process's life, and no garbage: the cyclic garbage
collector, which would walk them again and again as they are created (0.1 s of every command), is held off until
the app is built, and then leaves them alone for good (gc.freeze, as the Python documentation advises for servers
that fork workers).
"""
import gc

gc.disable()
from app import create_app  # noqa: E402 (imported with the collector held off)

app = create_app()
gc.freeze()
gc.enable()
