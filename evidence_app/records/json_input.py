"""Reading a records document from someone else's hands: JSON the vault can store, or a refusal.

JSON allows more than the vault can keep or a person meant: nesting deep enough to exhaust
the interpreter's stack, lone surrogates (`"\\ud800"`) that no UTF-8 encoder accepts, NaN
and Infinity, numbers of thousands of digits, a key given twice. Each is refused here with
the path of the value, before anything is validated or stored, so one bad document never
half-imports nor ends in a traceback.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from evidence_app.kernel.errors import BadInput
from evidence_app.records.problems import Problem

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000  # a long testimony is a few hundred thousand characters
MAX_DEPTH = 32  # the format itself nests six levels deep
_MAX_REPORTED = 50


class InvalidDocument(BadInput):
    """A records document refused whole; `errors` name the path of each problem.

    `problems` are those of the validator's findings, as data (`records.problems`), for an
    editor to show at its fields in its own language; `errors` are every finding in English.
    """

    def __init__(self, findings: Sequence[str | Problem]) -> None:
        errors = [str(finding) for finding in findings]
        self.problems = [finding for finding in findings if isinstance(finding, Problem)]
        shown = "\n".join(f"  {error}" for error in errors[:_MAX_REPORTED])
        more = (
            f"\n  … and {len(errors) - _MAX_REPORTED} more" if len(errors) > _MAX_REPORTED else ""
        )
        super().__init__(
            f"The records document was not imported ({len(errors)} problems):\n{shown}{more}"
        )
        self.errors = errors


class _Refused(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_json_document(raw: bytes) -> Any:
    """Decode and parse a document's bytes; raise InvalidDocument saying what is wrong."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidDocument([f"$: the document is larger than {MAX_DOCUMENT_BYTES // 2**20} MiB"])
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as error:
        raise InvalidDocument(
            [f"$: not UTF-8 text (byte {error.start} is {raw[error.start]:#04x})"]
        ) from None
    try:
        data = json.loads(
            text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicate_keys
        )
    except json.JSONDecodeError as error:
        raise InvalidDocument([f"$: not valid JSON (line {error.lineno}: {error.msg})"]) from None
    except RecursionError:
        raise InvalidDocument([f"$: nested more than {MAX_DEPTH} levels deep"]) from None
    except ValueError as error:  # _Refused, or an integer of more digits than Python reads
        raise InvalidDocument([f"$: {error}"]) from None
    check_json_tree(data)
    return data


def check_json_tree(data: Any) -> None:
    """Refuse values no record could hold: too deep, too long, or not encodable as UTF-8.

    Walks without recursion, so a document built to be deep cannot exhaust the stack here.
    """
    errors: list[str] = []

    def text_problem(text: str) -> str | None:
        if len(text) > MAX_TEXT_CHARS:
            return f"text longer than {MAX_TEXT_CHARS:,} characters"
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            return f"holds {text[error.start]!r}, half of a UTF-16 pair, which is not text"
        return None

    def child(path: str, key: str) -> str:
        return key if path == "$" else f"{path}.{key}"

    stack: list[tuple[str, Any, int]] = [("$", data, 1)]
    while stack and len(errors) < _MAX_REPORTED:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            errors.append(f"{path}: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(value, str):
            problem = text_problem(value)
            if problem:
                errors.append(f"{path}: {problem}")
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    errors.append(f"{path}: keys must be text")
                    continue
                problem = text_problem(key)
                if problem:
                    errors.append(f"{path}: a key {problem}")
                    continue
                stack.append((child(path, key), item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            errors.append(f"{path}: {value} is not a number JSON allows")
        elif value is not None and not isinstance(value, bool | int | float):
            errors.append(f"{path}: {type(value).__name__} is not a JSON value")
    if errors:
        raise InvalidDocument(sorted(errors))
