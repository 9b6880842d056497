"""The module graph: every dependency in Package.swift points down the README's layer table, and
only the HTTP edge (the runtime, the handlers and what stands on them) knows `APIError`."""
import json
import re
import subprocess

from conftest import ROOT


def layers():
    """Module → layer, from the README's "Module graph" table."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Module graph", 1)[1].split("\n## ", 1)[0]
    table = {}
    for layer, modules in re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.M):
        for module in re.findall(r"`(\w+)`", modules):
            table[module] = int(layer)
    return table


def targets():
    """Library targets and their target dependencies, as SwiftPM reads Package.swift."""
    dump = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, capture_output=True, text=True,
                                     check=True, timeout=300).stdout)
    out = {}
    for target in dump["targets"]:
        if target["type"] in ("regular", "system"):
            out[target["name"]] = [next(iter(d.values()))[0] for d in target.get("dependencies", [])]
    return out


def test_every_dependency_points_down_the_readme_table():
    table, graph = layers(), targets()
    assert set(graph) == set(table), "the README's table lists every library module, and only those"
    upward = [(module, dependency) for module, dependencies in graph.items() for dependency in dependencies
              if table[dependency] >= table[module]]
    assert upward == []


def test_only_the_http_edge_knows_api_error():
    table = layers()
    edge = {"KYCRuntime"} | {module for module, layer in table.items() if layer >= table["KYCHandlers"]}
    knowing = set()
    for module in table:
        for source in (ROOT / "Sources" / module).glob("**/*.swift"):
            code = "\n".join(line.split("//")[0] for line in source.read_text().splitlines())
            if re.search(r"\bAPIError\b", code):
                knowing.add(module)
    assert knowing and knowing <= edge, sorted(knowing - edge)
