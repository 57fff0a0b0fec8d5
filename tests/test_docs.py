"""Docs kept true by tests: every command in the README, every register field in REGISTER.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphmodel.model.records import RECORD_MODELS
from partnergraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
REGISTER = (ROOT / "docs" / "REGISTER.md").read_text(encoding="utf-8")
COMMON = {"id", "name", "aliases", "sources", "notes"}


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command):
    assert f"partnergraph {command}" in README


def test_every_env_var_is_in_the_readme():
    for command in main.commands.values():
        for param in command.params:
            for var in [param.envvar] if isinstance(param.envvar, str) else param.envvar or []:
                assert var in README, f"{command.name} {param.name}: {var} not in README"


def _section(kind: str) -> str:
    m = re.search(rf"^### {kind}\n(.*?)(?=^### |^## |\Z)", REGISTER, re.S | re.M)
    assert m, f"docs/REGISTER.md has no section for {kind!r}"
    return m.group(1)


@pytest.mark.parametrize("kind", sorted(RECORD_MODELS))
def test_every_register_field_is_documented(kind):
    model, _ = RECORD_MODELS[kind]
    text = _section(kind)
    missing = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in COMMON:
            continue
        if not re.search(rf"\b{re.escape(key)}\b\s*:", text) and f"`{key}`" not in text:
            missing.append(key)
    assert missing == [], f"{kind}: fields not in docs/REGISTER.md: {missing}"


def test_the_quick_start_is_exactly_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert len(blocks) == 2 and all(len(b.strip().splitlines()) == 1 for b in blocks)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip().split()[-1] in ci, ".ci/run must run the README's test command"
