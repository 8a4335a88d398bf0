"""Build ``Node`` trees from libyaml's event stream, within fixed limits.

``yamltext.parse_yaml`` feeds each event of ``yaml.parse`` to a ``Builder``.
Working on events instead of PyYAML's composed graph keeps every resource
bounded whatever the input:

* nesting deeper than ``MAX_DEPTH`` levels stops the build of the document
  (no recursion is used, so even 100,000 open brackets cannot overflow a stack);
* every value is counted as it is built, an alias as often as it is used, and
  past ``max_values`` the document is refused: a "billion laughs" alias bomb
  (YAML 1.2, section 3.2.2.2: aliases are references) stops after a few
  thousand steps, and aliased values are shared, never copied;
* an alias inside the value it refers to (``&a [*a]``) is an error, not a loop.

Everything YAML would silently drop or change is reported at its line
(``yamlnotes``): unused anchors, tags, ``~``/``null``, comments after a plain
value, escapes that make control characters.  Merge keys (``<<: *base``) are
applied as in YAML 1.1's merge type (https://yaml.org/type/merge.html), which
Hugo's YAML reader also follows: explicitly given keys win.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from sitegen.config import yamlnotes
from sitegen.config.yamlnode import Node
from sitegen.problems import error

# Front matter needs 2-3 levels (tags: [..]); config.yaml 4.  40 leaves room
# for any hand-written YAML while keeping the stack of open values tiny.
MAX_DEPTH = 40
NULLS = {"", "~", "null", "Null", "NULL"}


class Stop(Exception):
    """The document is refused; the error is already recorded."""


@dataclass
class _Frame:
    """One open sequence or mapping: items built so far and its size in values."""

    kind: str
    line: int
    anchor: str | None
    items: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    key: tuple | None = None
    merges: list = field(default_factory=list)
    size: int = 1


class Builder:
    """Turns one YAML document's events into a ``Node`` tree (see module doc).

    ``first`` is the file line of the text's first line; ``max_values`` the
    most values the document may hold, aliases expanded.  After the events,
    ``root`` is the tree (or None) and ``problems`` holds errors and warnings.
    """

    def __init__(self, text: str, path: str, first: int, max_values: int, text_notes: bool):
        self.path, self.first, self.max_values = path, first, max_values
        self.notes = yamlnotes.Notes(text, path, first, text_notes)
        self.problems = self.notes.problems
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.open_anchors: set[str] = set()
        self.used: set[str] = set()
        self.anchor_lines: dict[str, int] = {}
        self.count = 0
        self.documents = 0
        self.root: Node | None = None

    def line(self, event: yaml.Event) -> int:
        """The file line (1-based) where ``event`` starts."""
        return self.notes.line_at(event.start_mark.index)

    def fail(self, line: int, message: str, hint: str) -> None:
        """Record an error and stop building."""
        self.problems.append(error(self.path, line, message, hint))
        raise Stop

    def feed(self, event: yaml.Event) -> None:
        """Take one event; raises ``Stop`` once the document is refused."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(self.line(event), "a second YAML document starts here",
                          "the front matter and config.yaml hold one document; remove this --- or ... line")
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._open(event)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self._close()

    def finish(self) -> None:
        """Report anchors that no alias used: their ``&name`` vanished from the text."""
        for name, line in sorted(self.anchor_lines.items(), key=lambda item: item[1]):
            if name not in self.used:
                self.notes.unused_anchor(name, line)

    def _count(self, size: int, line: int) -> None:
        self.count += size
        if self.count > self.max_values:
            self.fail(line, f"the YAML holds more than {self.max_values:,} values (aliases counted each time they are used)",
                      "remove the aliases (*name) that repeat large values")

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        line = self.line(event)
        self._count(1, line)
        self.notes.tag(event, line)
        plain = event.style in (None, "")
        is_key = bool(self.stack) and self.stack[-1].kind == "map" and self.stack[-1].key is None
        if not is_key:
            self.notes.scalar(event, line, plain)
        if plain and event.value in NULLS:
            node = Node(None, line)
        else:
            node = Node(event.value, line, not plain)
        self._anchor(event.anchor, node, 1, line)
        self._add(node, 1, line, plain_key=plain)

    def _alias(self, event: yaml.AliasEvent) -> None:
        line, name = self.line(event), event.anchor
        if name in self.open_anchors:
            self.fail(line, f"the alias '*{name}' is used inside the value '&{name}' it refers to",
                      "a value cannot contain itself; remove the alias")
        if name not in self.anchors:
            self.fail(line, f"the alias '*{name}' refers to no anchor '&{name}' above it",
                      yamlnotes.quote_hint(self.notes.source(line)))
        node, size = self.anchors[name]
        self.used.add(name)
        self._count(size, line)
        self._add(Node(node.value, line, node.quoted), size, line, plain_key=False)

    def _open(self, event) -> None:
        line = self.line(event)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(line, f"the YAML is nested more than {MAX_DEPTH} levels deep",
                      "front matter and config need only a few levels; check the brackets and indentation")
        self._count(1, line)
        self.notes.tag(event, line)
        kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(kind, line, event.anchor))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.kind == "seq":
            node = Node(frame.items, frame.line)
        else:
            node = Node(_merged(frame), frame.line)
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
        self._anchor(frame.anchor, node, frame.size, frame.line)
        self._add(node, frame.size, frame.line, plain_key=False)

    def _anchor(self, name: str | None, node: Node, size: int, line: int) -> None:
        if name:
            self.anchors[name] = (node, size)
            self.anchor_lines.setdefault(name, line)

    def _add(self, node: Node, size: int, line: int, plain_key: bool) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        frame.size += size
        if frame.kind == "seq":
            frame.items.append(node)
        elif frame.key is None:
            frame.key = (node, line, plain_key)
        else:
            key, frame.key = frame.key, None
            self._entry(frame, key, node)

    def _entry(self, frame: _Frame, key: tuple, value: Node) -> None:
        key_node, key_line, plain = key
        if not isinstance(key_node.value, str):
            if key_node.value is None and plain:
                self.problems.append(error(self.path, key_line, "a key is empty", "write the key before the colon"))
            else:
                self.problems.append(error(self.path, key_line, "a key must be plain text"))
            return
        name = key_node.value
        if name == "<<" and plain:
            self._merge(frame, value, key_line)
            return
        if name in frame.mapping:
            self.problems.append(error(
                self.path, key_line, f"duplicate key '{name}'",
                f"it was first given on line {frame.mapping[name].line}; keep one of them"))
            return
        frame.mapping[name] = Node(value.value, key_line, value.quoted)

    def _merge(self, frame: _Frame, value: Node, line: int) -> None:
        sources = value.value if isinstance(value.value, list) else [value]
        if not sources or not all(isinstance(s.value, dict) for s in sources):
            self.problems.append(error(self.path, line, "'<<' merges keys and needs a mapping, e.g. <<: *base",
                                       "to use << as a key, write it in quotes: \"<<\""))
            return
        frame.merges.extend(s.value for s in sources)


def _merged(frame: _Frame) -> dict[str, Node]:
    """The frame's keys plus merged ones: given keys win, then earlier sources."""
    mapping = dict(frame.mapping)
    for source in frame.merges:
        for name, node in source.items():
            mapping.setdefault(name, node)
    return mapping


def parse_events(text: str, builder: Builder, loader) -> None:
    """Feed every event of ``text`` to ``builder``; stops quietly on ``Stop``.

    Raises ``yaml.YAMLError`` for a syntax error (libyaml's message).
    """
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.feed(event)
    except Stop:
        return
    builder.finish()


__all__ = ["Builder", "MAX_DEPTH", "NULLS", "parse_events"]
