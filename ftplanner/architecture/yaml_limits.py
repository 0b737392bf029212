"""Limits on what a YAML (or JSON) text may ask of the loader, checked on the parser's events.

The events are read before anything is built, so a hostile file is refused in bounded time and
memory: at most MAX_ALIASES aliases, MAX_NODES nodes once every alias is expanded (a "billion
laughs" file is a few hundred bytes that expand to a billion nodes), MAX_DEPTH levels of nesting
(the composer recurses, and Python's stack does not go deep), and only the plain-data tags
(no `!!python/...` or local `!tag` objects), and numbers of at most MAX_DIGITS digits. Each refusal is one located Problem.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)

from ftplanner.errors import Problem, SpecError

MAX_ALIASES = 100
MAX_NODES = 20_000  # the round-trip parser takes about 0.15 ms a value: 20,000 read twice is ~6 s
MAX_DEPTH = 50
MAX_DIGITS = 1000  # Python refuses to read integers past 4300 digits; no count is near 1000

_LONG_NUMBER = re.compile(rf"[-+]?[0-9_]{{{MAX_DIGITS + 1},}}")

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "merge")} | {"!"}


def _tag(event: NodeEvent) -> str | None:
    tag = getattr(event, "tag", None)
    return None if tag is None else str(getattr(tag, "value", tag))


def _shown(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def check_yaml_limits(yaml: YAML, text: str, file: str) -> None:
    """Raise SpecError at the first event past a limit; parse errors are left to the real load."""
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (expanded nodes, height)
    open_nodes: list[list] = []  # per open collection: [anchor, expanded nodes, height of children]
    aliases = nodes = 0

    def refuse(event, message: str):
        raise SpecError([Problem(file, event.start_mark.line + 1, "", message)])

    def close(anchor, size: int, height: int, event) -> None:
        nonlocal nodes
        nodes += size
        if nodes > MAX_NODES:
            refuse(event, f"the file expands to more than {MAX_NODES:,} values (aliases included); "
                          f"an architecture or counts file needs far fewer")
        if len(open_nodes) + height > MAX_DEPTH:
            refuse(event, f"nested more than {MAX_DEPTH} levels deep; that is the limit")
        if anchor is not None:
            anchors[anchor] = (size, height)
        if open_nodes:
            open_nodes[-1][1] += size
            open_nodes[-1][2] = max(open_nodes[-1][2], height)

    for event in yaml.parse(io.StringIO(text)):
        tag = _tag(event) if isinstance(event, NodeEvent) else None
        if tag is not None and tag not in ALLOWED_TAGS:
            refuse(event, f"YAML tag {_shown(tag)} is not allowed: an architecture holds plain data "
                          f"(numbers, strings, lists and mappings)")
        if isinstance(event, AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                refuse(event, f"more than {MAX_ALIASES} YAML aliases (*name); that is the limit")
            size, height = anchors.get(event.anchor, (1, 1))
            close(None, size, height, event)
        elif isinstance(event, ScalarEvent):
            if not event.style and _LONG_NUMBER.fullmatch(event.value):
                refuse(event, f"a number of {len(event.value.strip('+-_'))} digits; numbers may have at most "
                              f"{MAX_DIGITS} (and counts are at most 1e18)")
            close(event.anchor, 1, 1, event)
        elif isinstance(event, CollectionStartEvent):
            if len(open_nodes) >= MAX_DEPTH:
                refuse(event, f"nested more than {MAX_DEPTH} levels deep; that is the limit")
            open_nodes.append([event.anchor, 1, 0])
        elif isinstance(event, CollectionEndEvent):
            anchor, size, children = open_nodes.pop()
            close(anchor, size, children + 1, event)
