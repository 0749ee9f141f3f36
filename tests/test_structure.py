"""The allowed import directions, walked over the source: pure libraries stay pure, areas stay apart.

request -> view (an area) -> service -> records -> pure libraries (scoring, workbooks, tender_files, sandbox).
The pure libraries import no web or database code; an area of app/ imports the shared layers (records,
models, audit, the top-level modules) and the document services of reports, never another area's internals.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB_AND_DATABASE = {"flask", "werkzeug", "wtforms", "flask_wtf", "flask_login", "flask_sqlalchemy", "flask_migrate",
                    "sqlalchemy", "alembic", "psycopg", "app"}
# Each pure library and the other pure libraries it may use.
PURE_LIBRARIES = {
    "scoring": set(),
    "sandbox": set(),
    "workbooks": {"scoring", "sandbox"},
    "tender_files": {"scoring", "workbooks", "sandbox"},
}
# app/'s shared layers: every area may import them.
SHARED = {"records", "models", "audit", "extensions", "clock", "config", "errors", "forms", "transactions", "directory",
          "presentation", "charts", "database_roles", "jobs", "languages", "resilience_words", "workbook_words",
          "scoring_words", "lot_rules_words"}
# Areas with pages; the second set names the other areas whose modules each may import.
AREAS = {
    "auth": set(),
    "main": set(),
    "tenders": set(),
    "evaluation": set(),
    "portal": set(),
    "reports": set(),
    "auditor": {"reports"},  # pages that deliver the report and the evidence bundle
    "debriefs": {"reports"},  # the bidder's letter is a rendered document
    "contracts": {"portal", "reports"},  # the contractor's pages reuse the portal's upload; the PDF is a document
}
ENTRY_POINTS = {"__init__", "cli", "demo"}  # they assemble the areas, so they may import any of them
# The shared parts of the auth area: every view declares its roles, and imported committees get accounts.
SHARED_MODULES = {"app.auth.access", "app.auth.passwords"}


def imports(path: Path) -> set[str]:
    """Every absolute module name the file imports ("app.records.access", "flask")."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "app":
                names |= {f"app.{alias.name}" for alias in node.names}
    return names


def library_offences() -> dict[str, list[str]]:
    offences = {}
    for library, allowed in PURE_LIBRARIES.items():
        for path in sorted((ROOT / library).rglob("*.py")):
            roots = {name.split(".")[0] for name in imports(path)}
            wrong = sorted((roots & WEB_AND_DATABASE) | ((roots & set(PURE_LIBRARIES)) - allowed - {library}))
            if wrong:
                offences[path.relative_to(ROOT).as_posix()] = wrong
    return offences


def area_of(path: Path) -> str:
    """"tenders" for app/tenders/views.py, "errors" for app/errors.py."""
    return path.relative_to(ROOT / "app").parts[0].removesuffix(".py")


def area_offences() -> dict[str, list[str]]:
    offences = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        area = area_of(path)
        if area in ENTRY_POINTS:
            continue
        allowed = {area} | SHARED | AREAS.get(area, set())
        wrong = sorted(name for name in imports(path) if name.startswith("app.") and name not in SHARED_MODULES
                       and name.split(".")[1] not in allowed)
        if wrong:
            offences[path.relative_to(ROOT).as_posix()] = wrong
    return offences


def test_pure_libraries_import_no_web_or_database_code_and_only_the_libraries_below_them():
    assert sum(1 for library in PURE_LIBRARIES for _ in (ROOT / library).rglob("*.py")) > 40
    assert library_offences() == {}


def test_no_area_imports_another_areas_internals():
    assert area_offences() == {}


def test_the_shared_layers_import_no_area():
    offences = {}
    for layer in SHARED:
        paths = [ROOT / "app" / f"{layer}.py"] if (ROOT / "app" / f"{layer}.py").exists() else []
        paths += sorted((ROOT / "app" / layer).rglob("*.py")) if (ROOT / "app" / layer).is_dir() else []
        for path in paths:
            wrong = sorted(name for name in imports(path) if name.startswith("app.") and name not in SHARED_MODULES
                           and name.split(".")[1] in AREAS)
            if wrong:
                offences[path.relative_to(ROOT).as_posix()] = wrong
    assert offences == {}


def test_the_walk_catches_an_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import flask\nfrom app.tenders import views\nfrom app import audit\nfrom . import x\n")
    assert imports(module) == {"flask", "app.tenders", "app", "app.audit"}


def test_the_walk_catches_a_test_module_import(tmp_path):
    module = tmp_path / "test_m.py"
    module.write_text("from tests.web.test_portal import NOW\nfrom tests.web import test_setup_steps, conftest\n"
                      "import tests.scoring.test_evaluation\nfrom tests.web.portal_steps import NOW\n")
    assert imported_test_modules(module) == ["tests.scoring.test_evaluation", "tests.web.test_portal",
                                             "tests.web.test_setup_steps"]


def test_no_test_module_imports_another():
    """Shared fixtures and helpers live in conftest.py or helper modules (setup_steps.py, portal_steps.py), so a
    test module can change without breaking another, and an imported fixture cannot switch itself on unseen."""
    offences = {path.relative_to(ROOT).as_posix(): imported_test_modules(path)
                for path in sorted((ROOT / "tests").rglob("*.py"))}
    assert {path: names for path, names in offences.items() if names} == {}


def imported_test_modules(path: Path) -> list[str]:
    """The test modules (test_*.py) a file imports, by module name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return sorted(name for name in names if name.rsplit(".", 1)[-1].startswith("test_"))
