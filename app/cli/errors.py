"""The command line's answer to each user-facing error, in one place (the web's is app/errors.py).

Exit code 1, nothing the command wrote is kept, and on stderr one line per problem, each with its place:
every problem of an InvalidInput (FolderInvalid: file and field; WorkbookRejected: sheet and cell), the message
of a UserError ("--email: ...") or of a Refused. Exit code 2: usage errors, which click answers itself.
Commands raise and do not catch: every command of a `CommandGroup` is run inside `user_errors_exit`.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, NoReturn

import click
from flask.cli import AppGroup
from sqlalchemy.exc import DBAPIError

from app.audit.verification import NeverSetUp
from app.errors import Refused, UserError
from app.extensions import db
from scoring.problems import InvalidInput

INVALID = 1
USAGE = click.UsageError.exit_code  # 2: a missing argument, an unknown option or value
USER_ERRORS = (InvalidInput, UserError, Refused)
SCHEMA_BEHIND = ("the database lacks tables or columns of this release of resbid: run `flask --app wsgi db upgrade`, "
                 "then the command again")
_UNDEFINED = ("42P01", "42703")
_SQLITE_UNDEFINED = ("no such table", "no such column")


def messages_of(error: Exception) -> list[str]:
    """One line per problem, each naming its place."""
    if isinstance(error, InvalidInput):
        return [str(problem) for problem in error.problems]
    return [str(error)]


@contextmanager
def user_errors_exit(as_json: bool = False) -> Iterator[None]:
    """Roll back and exit 1 on a user error, or on a database not yet migrated to this release (or never set up):
    the messages on stderr, or as a JSON problem list on stdout."""
    try:
        yield
    except USER_ERRORS as error:
        _exit_invalid(messages_of(error), as_json)
    except DBAPIError as error:
        if not _schema_behind(error):
            raise
        _exit_invalid([SCHEMA_BEHIND], as_json)
    except NeverSetUp:
        _exit_invalid([SCHEMA_BEHIND], as_json)


def _exit_invalid(messages: list[str], as_json: bool) -> NoReturn:
    db.session.rollback()
    if as_json:
        click.echo(json.dumps({"valid": False, "problems": messages}, indent=2, ensure_ascii=False))
    else:
        for message in messages:
            click.echo(message, err=True)
    sys.exit(INVALID)


def _schema_behind(error: DBAPIError) -> bool:
    """A table or column the code names is missing: the database was never migrated, or not to this release."""
    code = getattr(error.orig, "sqlstate", None)  # PostgreSQL: undefined table, undefined column
    return code in _UNDEFINED or (code is None and any(words in str(error.orig) for words in _SQLITE_UNDEFINED))


class CommandGroup(AppGroup):
    """A command group whose commands answer user errors as this module says."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Command]:
        register = super().command(*args, **kwargs)  # runs the command inside the app context

        def decorator(function: Callable[..., Any]) -> click.Command:
            @wraps(function)
            def run(*call_args: Any, **call_kwargs: Any) -> Any:
                with user_errors_exit():
                    return function(*call_args, **call_kwargs)

            return register(run)

        return decorator
