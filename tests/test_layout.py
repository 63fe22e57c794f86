"""The two layout rules of docs/ARCHITECTURE.md a machine can check, read from the imports themselves.

- The libraries (`storage`, `search`, `signing`) never import `eoffice`: each is usable and testable alone.
- No package imports another package's private (`_`) module: what two slices share is made public once.
Imports inside functions count too — a lazy import is still an arrow.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = ("storage", "search", "signing")


def _imports(package: str) -> Iterator[tuple[Path, str, str | None]]:
    """(file, imported module, imported name or None) for every absolute import in the package, migrations
    aside."""
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield from ((path, node.module, alias.name) for alias in node.names)
            elif isinstance(node, ast.Import):
                yield from ((path, alias.name, None) for alias in node.names)


def _private_home(module: str, name: str | None) -> tuple[str, ...] | None:
    """The package a private module or name belongs to (None if nothing imported is private): `a.b._c` →
    `a.b`; the name `_d` of module `a.b.c` → `a.b`; the submodule `_c` of package `a.b` → `a.b`."""
    parts = module.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return tuple(parts[:i])
    if name and name.startswith("_") and not name.startswith("__"):
        is_package = ROOT.joinpath(*parts).is_dir()
        return tuple(parts) if is_package else tuple(parts[:-1])
    return None


def _private_of_another(importer: Path, module: str, name: str | None) -> bool:
    home = _private_home(module, name)
    here = importer.relative_to(ROOT).parent.parts  # eoffice/incoming/prefill/_read.py → its package
    return home is not None and here[: len(home)] != home


def test_the_libraries_never_import_the_application() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for library in LIBRARIES
        for path, module, _ in _imports(library)
        if module == "eoffice" or module.startswith("eoffice.")
    ]
    assert not found, found


def test_no_package_imports_another_packages_private_module() -> None:
    found = sorted(
        {
            f"{path.relative_to(ROOT)}: {module}"
            for package in ("eoffice", *LIBRARIES)
            for path, module, name in _imports(package)
            if module.split(".")[0] in ("eoffice", *LIBRARIES) and _private_of_another(path, module, name)
        }
    )
    assert not found, "\n".join(found)
