#!/usr/bin/env python3
"""Tokenises every script of examples/ and the check corpus (Tests/cases) with the TextMate
grammar of the VS Code extension, using a TextMate engine from PyPI (textmate-grammar-python,
a port of vscode-textmate), and checks that no text is left untokenised: every character that
is not white space gets a scope besides the root `source.pcx`. Valid scripts (examples and the
`good` corpora) must also get no `invalid.*` scope, so the catch-all rule for stray characters
is only ever used where the pcx lexer reports one too.

Usage: python3 editors/vscode/test/grammar_check.py [REPO_ROOT]
Exit 0 when every script passes, 1 when one fails, 77 when the engine is not installed
(`python3 -m pip install textmate-grammar-python`; `.ci/run` installs it).
"""
import json
import logging
import pathlib
import sys

try:
    from textmate_grammar.parsers.base import LanguageParser
except ImportError:
    print("textmate-grammar-python is not installed: python3 -m pip install textmate-grammar-python")
    sys.exit(77)

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[3])
GRAMMAR = ROOT / "editors" / "vscode" / "syntaxes" / "pcx.tmLanguage.json"
VALID = ["examples", "Tests/cases/check/good", "Tests/cases/parse/good"]
INVALID = ["Tests/cases/check/bad", "Tests/cases/parse/bad"]


def scripts(folders):
    return [path for folder in folders for path in sorted((ROOT / folder).glob("*.pcx"))]


def problems(parser, path, valid):
    """What is wrong with the tokens of one script (an empty list when nothing is)."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    element = parser.parse_string(text)
    tokens = element.flatten() if element is not None else []
    scoped = {}
    for (line, column), content, scopes in tokens:
        for offset, character in enumerate(content):
            scoped[(line, column + offset)] = scopes
    found = []
    for number, line in enumerate(text.split("\n")):
        for column, character in enumerate(line):
            if character.isspace():
                continue
            scopes = scoped.get((number, column), [])
            if len(scopes) < 2:
                found.append(f"{path.relative_to(ROOT)}:{number + 1}:{column + 1}: untokenised {character!r}")
            elif valid and any(scope.startswith("invalid.") for scope in scopes):
                found.append(f"{path.relative_to(ROOT)}:{number + 1}:{column + 1}: {scopes[-1]} in a valid script")
    return found


def main():
    logging.getLogger("textmate_grammar").setLevel(logging.ERROR)  # it logs every skipped span
    parser = LanguageParser(json.loads(GRAMMAR.read_text(encoding="utf-8")))
    logging.getLogger("textmate_grammar").setLevel(logging.ERROR)
    checked = [(path, True) for path in scripts(VALID)] + [(path, False) for path in scripts(INVALID)]
    failures = [problem for path, valid in checked for problem in problems(parser, path, valid)]
    lines = sum(path.read_bytes().count(b"\n") for path, _ in checked)
    for failure in failures[:50]:
        print(failure)
    print(f"grammar: tokenised {len(checked)} scripts ({lines} lines); {len(failures)} problems")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
