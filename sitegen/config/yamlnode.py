"""The value type of the failsafe YAML reader (see ``yamltext``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

Value = Union[None, str, list, dict]


@dataclass(frozen=True)
class Node:
    """One YAML value with the file line it starts on (1-based).

    ``value`` is ``None`` (empty, ``~`` or ``null``), a ``str`` (the scalar's
    text, quotes removed), a ``list[Node]`` or a ``dict[str, Node]``.
    ``quoted`` is True for a quoted scalar.  Values reached through an alias
    are shared, not copied, so a ``Node`` tree must never be modified.
    """

    value: Value
    line: int
    quoted: bool = False
