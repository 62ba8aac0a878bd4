"""The project's modules as code: no module-level name bound twice.

extract.py alone holds some six hundred module-level patterns and helpers; a second
pattern of an existing name (`_FOOTER_MARK_RE`, a footer's class words, was once bound
again to a footer's text words) silently replaces the first for every use of it above.
Ruff's F811 sees only functions and imports, not assignments."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "metrology_spider"


def bound_twice(source: str) -> list[str]:
    """The names a module binds more than once at its top level (assignments, functions, classes)."""
    names: Counter[str] = Counter()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] += 1
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] += 1
    return sorted(name for name, count in names.items() if count > 1)


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_level_name_is_bound_twice(module: Path):
    assert bound_twice(module.read_text(encoding="utf-8")) == []


def test_a_name_bound_twice_is_found():
    assert bound_twice("_A_RE = 1\ndef f(): pass\n_A_RE = 2\nclass f: pass\n") == ["_A_RE", "f"]
