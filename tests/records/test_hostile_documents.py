"""Records documents written to break the importer: each is refused whole, never half-stored,
never with a traceback (DESIGN §4 exit codes, §5 format)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_app.core import records_service
from evidence_app.kernel.errors import BadInput
from evidence_app.records.json_input import MAX_DOCUMENT_BYTES, MAX_TEXT_CHARS
from evidence_app.storage.vault import Vault
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.records.sample_documents import records_document

HEAD = '{"format": "evidence-app/records", "version": 1, '


def write_raw(tmp_path: Path, raw: bytes, name: str = "records.json") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def nothing_imported(vault: Vault) -> bool:
    return all(
        records_service.list_records(vault, kind) == [] for kind in ("case", "person", "facility")
    )


def refused(vault: Vault, path: Path) -> str:
    with pytest.raises(BadInput) as raised:
        records_service.import_records(vault, path)
    assert nothing_imported(vault)
    return str(raised.value)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("nested 100,000 levels", HEAD + '"cases": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("a lone surrogate", HEAD + r'"cases": [{"ref": "c-1", "title": "a\ud800b"}]}'),
    ],
)
def test_the_cli_refuses_a_hostile_document_with_exit_2_and_one_message(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path, name: str, raw: str
) -> None:
    document = write_raw(tmp_path, raw.encode())
    result = evidence_app(
        "records", "import", str(document),
        "--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"]),
    )  # fmt: skip
    assert result.code == 2, (name, result.err)
    assert "Traceback" not in result.err
    assert result.err.startswith("evidence-app: The records document was not imported")
    with vault_copy.open() as vault:
        assert nothing_imported(vault)


def test_a_valid_part_does_not_land_when_a_later_string_holds_a_lone_surrogate(
    vault: Vault, tmp_path: Path
) -> None:
    document = json.dumps(records_document(), ensure_ascii=True)
    document = document.replace("Chelyabinsk", "Chelyabinsk\\udc80")
    message = refused(vault, write_raw(tmp_path, document.encode()))
    assert "facilities[0].region" in message and "not text" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (HEAD + '"facilities": [{"ref": "f-1", "name": "x", "lat": NaN}]}', "NaN"),
        (HEAD + '"facilities": [{"ref": "f-1", "name": "x", "lon": -Infinity}]}', "Infinity"),
        (HEAD + '"people": [{"ref": "p-1", "birth_year": ' + "9" * 5000 + "}]}", "digits"),
        (HEAD + '"cases": [{"ref": "c-1", "title": "a", "title": "b"}]}', "appears twice"),
        (HEAD + '"cases": [{"ref": "c-1", "title": "a"}, {"ref": "c-1", "title": "b"}]}', "twice"),
        (HEAD + '"facilities": [{"ref": "f-1", "name": "x", "aliases": 5}]}', "list of names"),
        (HEAD + '"facilities": [{"ref": "f-1", "name": "x", "aliases": "ab"}]}', "list of names"),
        (HEAD + '"people": {"ref": "p-1"}}', "people: must be a list"),
        (HEAD + '"people": [["p-1"]]}', "people[0]: must be an object"),
        (HEAD + '"people": [{"ref": null, "consent": 7, "roles": {}}]}', "people[0].ref"),
        (HEAD + '"testimonies": [{"ref": "t-1", "sections": [], "witness": "p-9"}]}', "p-9"),
        (HEAD + '"incidents": [{"ref": "i-1", "victims": [null, 3, {}]}]}', "victims[2]"),
        (HEAD + '"people": [{"ref": "p-1", "pseudonym": "W-' + "9" * 5000 + '"}]}', None),
        (HEAD + '"cases": [' + "[" * 40 + "]" * 40 + "]}", "nested more than"),
        ('{"format": "evidence-app/records", "version": 1, "cases": [{"ref": "c-1"', "JSON"),
        ("[1, 2, 3]", "must be a JSON object"),
        ("null", "must be a JSON object"),
    ],
)
def test_wrong_types_and_values_are_refused_with_the_path_of_the_field(
    vault: Vault, tmp_path: Path, raw: str, expected: str | None
) -> None:
    path = write_raw(tmp_path, raw.encode())
    if expected is None:  # acceptable input, as long as nothing breaks
        records_service.import_records(vault, path)
        return
    assert expected in refused(vault, path)


def test_bytes_that_are_not_utf8_are_refused_and_a_byte_order_mark_is_accepted(
    vault: Vault, tmp_path: Path
) -> None:
    latin1 = (HEAD + '"cases": [{"ref": "c-1", "title": "Café"}]}').encode("latin-1")
    assert "not UTF-8" in refused(vault, write_raw(tmp_path, latin1))
    with_bom = b"\xef\xbb\xbf" + json.dumps(records_document()).encode()
    summary = records_service.import_records(vault, write_raw(tmp_path, with_bom, "bom.json"))
    assert len(summary.created) == 8


def test_a_document_or_a_text_over_the_limits_is_refused(vault: Vault, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk
    assert "larger than 64 MiB" in refused(vault, huge)
    long_text = records_document()
    long_text["cases"][0]["description"] = "x" * (MAX_TEXT_CHARS + 1)
    message = refused(vault, write_raw(tmp_path, json.dumps(long_text).encode(), "long.json"))
    assert "cases[0].description: text longer than" in message


def test_assigned_pseudonyms_are_unique_stable_and_skip_those_already_given(
    vault: Vault, tmp_path: Path
) -> None:
    people: list[dict[str, Any]] = [{"ref": f"p-{n}"} for n in range(30)]
    people[20]["pseudonym"] = "W-007"  # given by the author, later in the document
    document = {"format": "evidence-app/records", "version": 1, "people": people}
    path = write_raw(tmp_path, json.dumps(document).encode())
    records_service.import_records(vault, path)
    first = dict(
        (ref, body["pseudonym"]) for ref, body in records_service.list_records(vault, "person")
    )
    assert len(set(first.values())) == 30
    assert first["p-0"] == "W-008" and first["p-20"] == "W-007"
    summary = records_service.import_records(vault, path)
    assert summary.created == [] and summary.revised == []
    people.append({"ref": "p-new"})
    records_service.import_records(vault, write_raw(tmp_path, json.dumps(document).encode(), "2"))
    again = dict(records_service.list_records(vault, "person"))
    assert {ref: again[ref]["pseudonym"] for ref in first} == first
    assert again["p-new"]["pseudonym"] == "W-037"


# JSON-ish values, including what JSON allows and the vault cannot keep.
_TEXTS = st.text(st.characters(categories=["Cs", "L", "N", "P", "Z", "Cc"]), max_size=20)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.integers(min_value=10**4000, max_value=10**4290)
    | st.floats(allow_nan=True, allow_infinity=True)
    | _TEXTS
    | st.sampled_from(["p-017", "f-ik6", "t-1", "case-ik6", "2023-05", "beating", "legal"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


_FIELDS = sorted(
    {key for section in records_document().values() if isinstance(section, list)
     for entry in section for key in entry}
    | {"aliases", "birth_year", "mode", "perpetrators", "publishable", "incident", "period"}
)  # fmt: skip


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzzed_documents_either_import_or_are_refused_as_bad_input(
    vault: Vault, tmp_path: Path, data: st.DataObject
) -> None:
    document: Any = records_document()
    for _ in range(data.draw(st.integers(1, 2))):
        inside_entries = [path for path in _paths(document) if len(path) >= 3]
        where = data.draw(st.sampled_from(inside_entries))
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        target = parent[where[-1]]
        if isinstance(target, dict) and data.draw(st.booleans()):  # add a field the format knows
            target[data.draw(st.sampled_from(_FIELDS))] = data.draw(_VALUES)
        elif isinstance(target, str) and data.draw(st.booleans()):  # text where text belongs
            parent[where[-1]] = data.draw(_TEXTS)
        else:
            parent[where[-1]] = data.draw(_VALUES)
    raw = json.dumps(document, ensure_ascii=data.draw(st.booleans())).encode(
        "utf-8", "surrogatepass"
    )
    path = write_raw(tmp_path, raw)
    with contextlib.suppress(BadInput):
        records_service.import_records(vault, path)
