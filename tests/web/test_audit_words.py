"""Every audit action the application can record has words in app/audit/actions.py."""
from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

from app.audit.actions import ACTION_WORDS, action_words
from app.models.report import BUNDLE, DEBRIEF, REPORT

APP = Path(__file__).resolve().parents[2] / "app"


def _recorded_actions() -> tuple[set[str], set[str]]:
    """(actions written as text, patterns of actions built from f-strings) passed to record() in app/.

    An action handed in as a variable is followed to the calls of the enclosing function (end_sessions(user,
    "auth.logout")), so no code path escapes the check; one named by a module's constant (CHECKED) is its text."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in APP.rglob("*.py")}
    actions, patterns, forwarded = set(), set(), {}
    for tree in trees.values():
        constants = {node.targets[0].id: node.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)}
        for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
            for call in (node for node in ast.walk(function) if _is_call_of(node, "record") and node.args):
                action = call.args[0]
                _collect(constants.get(action.id, action) if isinstance(action, ast.Name) else action, actions,
                         patterns, function, forwarded)
    for tree in trees.values():
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            for name, position in forwarded.items():
                if _is_call_of(call, name) and len(call.args) > position:
                    _collect(call.args[position], actions, patterns, None, {})
    return actions, patterns


def _is_call_of(node: ast.AST, name: str) -> bool:
    if not isinstance(node, ast.Call):
        return False
    return (isinstance(node.func, ast.Name) and node.func.id == name) or (
        isinstance(node.func, ast.Attribute) and node.func.attr == name)


def _collect(arg: ast.expr, actions: set, patterns: set, function, forwarded: dict) -> None:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        actions.add(arg.value)
    elif isinstance(arg, ast.IfExp):
        _collect(arg.body, actions, patterns, function, forwarded)
        _collect(arg.orelse, actions, patterns, function, forwarded)
    elif isinstance(arg, ast.JoinedStr):
        patterns.add("".join(part.value if isinstance(part, ast.Constant) else "*" for part in arg.values))
    elif isinstance(arg, ast.Name) and function is not None:
        parameters = [a.arg for a in function.args.args]
        assert arg.id in parameters, f"record() is given {arg.id}, which is not a parameter of {function.name}"
        forwarded[function.name] = parameters.index(arg.id)
    else:
        raise AssertionError(f"record() is given an action this test cannot follow: {ast.unparse(arg)}")


def test_every_recorded_action_has_words():
    actions, patterns = _recorded_actions()
    assert {"tender.publish", "bid.submit", "bid.replace", "auth.logout", "audit.check"} <= actions  # all found
    assert sorted(actions - ACTION_WORDS.keys()) == []
    assert patterns == {"*.render"}
    assert {f"{kind}.render" for kind in (REPORT, DEBRIEF, BUNDLE)} <= ACTION_WORDS.keys()
    assert all(any(fnmatch(action, pattern) for action in ACTION_WORDS) for pattern in patterns)


def test_words_are_words():
    assert all(words == words.lower() and "." not in words and "_" not in words for words in ACTION_WORDS.values())
    assert action_words("bid.import") == "bid imported"
    assert action_words("tender.some_future_act") == "tender some future act"
