"""scoring/ stays pure (STYLE.md convention 4): no web, database or app imports anywhere in it."""

import ast
from pathlib import Path

FORBIDDEN = {"flask", "werkzeug", "wtforms", "flask_wtf", "flask_login", "sqlalchemy", "alembic", "app"}
SCORING = Path(__file__).resolve().parents[2] / "scoring"


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_under_scoring_imports_the_web_or_database_layer():
    modules = sorted(SCORING.rglob("*.py"))
    assert len(modules) > 10
    offenders = {str(path.relative_to(SCORING.parent)): sorted(imported_roots(ast.parse(path.read_text())) & FORBIDDEN)
                 for path in modules}
    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_check_catches_an_import():
    assert imported_roots(ast.parse("import flask\nfrom sqlalchemy.orm import Session\nfrom . import app")) == {
        "flask", "sqlalchemy"}
