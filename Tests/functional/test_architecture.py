"""The module graph: every dependency in Package.swift, and every `import` of every Swift file of
the modules and the functions, points down the README's layer table; and only the HTTP edge (the
runtime, the handlers and what stands on them) knows `APIError` and the statuses errors state
(`HTTPResponseError`, `ErrorCode`)."""
import functools
import json
import re
import subprocess

from conftest import ROOT

# Modules of the toolchain and the system every target may import without declaring them.
SYSTEM_MODULES = {"Swift", "Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Musl", "Darwin",
                  "Dispatch", "Synchronization", "_Concurrency", "os"}

# Imports allowed to break the rules: (target, imported module). None: every module a file imports
# is declared for its target in Package.swift, and `@_exported` re-exports are gone, so each file
# names where its types come from. An entry that no longer occurs fails the check.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def layers(readme=None):
    """Module → layer, from the README's "Module graph" table."""
    readme = readme if readme is not None else (ROOT / "README.md").read_text()
    section = readme.split("### Module graph", 1)[1].split("\n## ", 1)[0]
    table = {}
    for layer, modules in re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.M):
        for module in re.findall(r"`(\w+)`", modules):
            table[module] = int(layer)
    return table


@functools.cache
def package():
    """Every non-test target as SwiftPM reads Package.swift: its kind, its source folder and the
    modules it depends on (targets and products)."""
    dump = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, capture_output=True, text=True,
                                     check=True, timeout=300).stdout)
    out = {}
    for target in dump["targets"]:
        if target["type"] == "test":
            continue
        out[target["name"]] = {
            "type": target["type"],
            "path": target.get("path") or f"Sources/{target['name']}",
            "dependencies": [next(iter(d.values()))[0] for d in target.get("dependencies", [])],
        }
    return out


def targets():
    """Library targets and their target dependencies."""
    return {name: t["dependencies"] for name, t in package().items() if t["type"] in ("regular", "system")}


IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*"                     # @_exported, @testable, @_implementationOnly, @preconcurrency
    r"(?:(?:public|package|internal|fileprivate|private)\s+)?"  # access-level imports
    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?"
    r"([A-Za-z_]\w*)", re.M)


def imports(source):
    """The modules a Swift file imports (`import X`, `@_exported import X`, `@testable import X`,
    `import struct X.Y`, …), comments aside; conditional imports count as imports."""
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    code = "\n".join(line.split("//")[0] for line in code.splitlines())
    return IMPORT.findall(code)


def import_violations(root, table, package_targets):
    """Each (target, file, imported module, reason) that breaks the rules: in a module of the table,
    an import of a module of the same layer (sideways) or a higher one (upward); in any target, an
    import that is neither a system module nor declared in Package.swift as a dependency of the
    file's target."""
    found = []
    for name, target in sorted(package_targets.items()):
        if target["type"] == "system":
            continue
        allowed = SYSTEM_MODULES | set(target["dependencies"])
        for source in sorted((root / target["path"]).glob("**/*.swift")):
            relative = source.relative_to(root).as_posix()
            for imported in imports(source.read_text()):
                if imported == name:
                    continue
                if name in table and imported in table and table[imported] >= table[name]:
                    found.append((name, relative, imported,
                                  "sideways" if table[imported] == table[name] else "upward"))
                elif imported not in allowed:
                    found.append((name, relative, imported, "not a declared dependency"))
    return found


def test_every_dependency_points_down_the_readme_table():
    table, graph = layers(), targets()
    assert set(graph) == set(table), "the README's table lists every library module, and only those"
    upward = [(module, dependency) for module, dependencies in graph.items() for dependency in dependencies
              if table[dependency] >= table[module]]
    assert upward == []


def test_every_import_points_down_the_readme_table():
    found = import_violations(ROOT, layers(), package())
    unexpected = [v for v in found if (v[0], v[2]) not in KNOWN_EXCEPTIONS]
    assert unexpected == []
    stale = KNOWN_EXCEPTIONS - {(v[0], v[2]) for v in found}
    assert not stale, f"known exceptions that no longer occur; remove them: {sorted(stale)}"


def test_the_import_check_finds_a_sideways_an_upward_and_an_undeclared_import(tmp_path):
    """The check itself, on a small tree: each kind of breach is found, and nothing else."""
    table = {"Top": 2, "Left": 1, "Right": 1, "Base": 0}
    package_targets = {
        "Top": {"type": "regular", "path": "Sources/Top", "dependencies": ["Left", "Right", "Base"]},
        "Left": {"type": "regular", "path": "Sources/Left", "dependencies": ["Base", "Right"]},
        "Right": {"type": "regular", "path": "Sources/Right", "dependencies": ["Base"]},
        "Base": {"type": "regular", "path": "Sources/Base", "dependencies": []},
        "tool": {"type": "executable", "path": "functions/tool", "dependencies": ["Top"]},
    }
    files = {
        "Sources/Top/Top.swift": "import Foundation\nimport Left\n@_exported import Base\n",
        "Sources/Left/Left.swift": "#if canImport(Glibc)\n  import Glibc\n#endif\nimport Base\n"
                                   "@_exported import Right  // sideways, though Package.swift declares it\n",
        "Sources/Right/Right.swift": "import Base\n/* import Top */\n// import Top\n/// import Top\n"
                                     "let text = 1\n",
        "Sources/Base/Base.swift": "@preconcurrency import Dispatch\nimport struct Top.Thing\n",
        "functions/tool/main.swift": "import Top\nimport Left\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    found = import_violations(tmp_path, table, package_targets)
    assert found == [
        ("Base", "Sources/Base/Base.swift", "Top", "upward"),
        ("Left", "Sources/Left/Left.swift", "Right", "sideways"),
        ("tool", "functions/tool/main.swift", "Left", "not a declared dependency"),
    ]


def test_a_sideways_import_added_to_a_real_file_is_found(tmp_path):
    """The check on the repository's own modules: a copy of one real file with one more import,
    of a module of its own layer, is a violation."""
    table, package_targets = layers(), package()
    module = "KYCStore"
    sideways = next(m for m, layer in sorted(table.items()) if layer == table[module] and m != module)
    source = next((ROOT / package_targets[module]["path"]).glob("*.swift"))
    copy = tmp_path / package_targets[module]["path"] / source.name
    copy.parent.mkdir(parents=True)
    copy.write_text(f"import {sideways}\n" + source.read_text())
    only = {module: package_targets[module]}
    before = import_violations(ROOT, table, only)
    after = import_violations(tmp_path, table, only)
    assert before == [] or all(v[2] != sideways for v in before)
    assert (module, copy.relative_to(tmp_path).as_posix(), sideways, "sideways") in after


def test_only_the_http_edge_knows_api_error():
    """Below the handlers errors are typed per layer and know nothing of HTTP; the handlers make
    them state a status (`DomainErrors.swift`), the runtime renders them."""
    table = layers()
    edge = {"KYCRuntime"} | {module for module, layer in table.items() if layer >= table["KYCHandlers"]}
    knowing = set()
    for module in table:
        for source in (ROOT / "Sources" / module).glob("**/*.swift"):
            code = "\n".join(line.split("//")[0] for line in source.read_text().splitlines())
            if re.search(r"\b(APIError|HTTPResponseError|ErrorCode)\b", code):
                knowing.add(module)
    assert knowing and knowing <= edge, sorted(knowing - edge)


def test_no_file_re_exports_a_module():
    """`@_exported import` would hide where a type comes from: each file imports what it uses."""
    re_exports = [str(path.relative_to(ROOT)) for folder in ("Sources", "functions")
                  for path in (ROOT / folder).rglob("*.swift")
                  if any(line.lstrip().startswith("@_exported") for line in path.read_text().splitlines())]
    assert re_exports == []
