"""Fields made of parts (records.schema GROUP and ROWS) and the small types they use.

A group is one object of its parts (a testimony's consent to the interview); rows are a
list of such objects (previous interviews, injuries). Each part is checked as a field of
its type is, at the path `testimonies[0].injuries[1].location`, so an editor can point at
the row and the column. A group or row with nothing in it is dropped: an editor's empty
line is not a record of anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

from evidence_app.records.problems import Message
from evidence_app.records.schema import Field, Type

_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
# (part, the object holding it, its path) → the part's value, as records.document checks it
PartValue = Callable[[Field, dict[str, Any], str], Any]


class PartChecker(Protocol):
    def error(self, path: str, message: Message, **params: Any) -> None: ...


def is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def parse_yes_no(c: PartChecker, obj: dict[str, Any], key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        c.error(f"{path}.{key}", Message.NOT_A_FLAG)
        return None
    return value


def parse_items(
    c: PartChecker, obj: dict[str, Any], key: str, path: str, has_item: Callable[[str], bool]
) -> list[str]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        c.error(f"{path}.{key}", Message.NOT_A_LIST)
        return []
    items = []
    for index, sha256 in enumerate(value):
        where = f"{path}.{key}[{index}]"
        if not isinstance(sha256, str) or not _SHA256.match(sha256):
            c.error(where, Message.NOT_A_SHA256)
        elif not has_item(sha256.lower()):
            c.error(where, Message.NO_SUCH_ITEM, sha256=sha256.lower())
        else:
            items.append(sha256.lower())
    return items


def _parts(
    c: PartChecker, spec: Field, obj: Any, path: str, value: PartValue
) -> dict[str, Any] | None:
    if not isinstance(obj, dict):
        c.error(path, Message.NOT_AN_OBJECT)
        return None
    allowed = [part.key for part in spec.parts]
    for key in obj:
        if key not in allowed:
            c.error(f"{path}.{key}", Message.UNKNOWN_FIELD, allowed=", ".join(allowed))
    if all(is_empty(v) for v in obj.values()):
        return None
    parsed = {part.key: value(part, obj, path) for part in spec.parts}
    for part in spec.parts:
        # Text reports its own absence; the other types of part are checked here.
        if part.required and is_empty(parsed[part.key]) and part.type is not Type.TEXT:
            c.error(f"{path}.{part.key}", Message.REQUIRED)
    return parsed


def parse_group(
    c: PartChecker, spec: Field, obj: dict[str, Any], path: str, value: PartValue
) -> dict[str, Any] | None:
    if obj.get(spec.key) is None:
        return None
    return _parts(c, spec, obj[spec.key], f"{path}.{spec.key}", value)


def parse_rows(
    c: PartChecker, spec: Field, obj: dict[str, Any], path: str, value: PartValue
) -> list[dict[str, Any]]:
    rows = obj.get(spec.key, [])
    if not isinstance(rows, list):
        c.error(f"{path}.{spec.key}", Message.NOT_A_LIST)
        return []
    parsed = (_parts(c, spec, row, f"{path}.{spec.key}[{i}]", value) for i, row in enumerate(rows))
    return [row for row in parsed if row is not None]
