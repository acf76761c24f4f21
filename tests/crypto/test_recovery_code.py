"""The recovery code on paper (DESIGN §2): a mistyped character or two swapped ones are
named before any decryption is tried, or — the one time in 32 the check character misses —
the key slot still refuses the code. A typo never opens the vault and never goes unsaid."""

from __future__ import annotations

import re

import pytest

from evidence_app.crypto.keyslots import recovery_slot, unlock_with_recovery_code
from evidence_app.crypto.recovery_code import format_recovery_code, parse_recovery_code
from evidence_app.kernel.errors import BadInput, WrongSecret

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE = bytes(range(7, 39))
VAULT_ID = "4d0f1c7e-9a1b-4c55-8e11-6a7c2b9d0e42"
SLOT = recovery_slot(VAULT_ID, bytes(32), CODE, "2026-01-01T00:00:00.000Z")


def outcome(typed: str) -> str:
    """'named N' when the check names group N, 'refused' when the slot refuses the code."""
    try:
        code = parse_recovery_code(typed)
    except BadInput as error:
        found = re.search(r"Group (\d+)", str(error))
        return f"named {found.group(1)}" if found else "named last"
    with pytest.raises(WrongSecret):
        unlock_with_recovery_code(VAULT_ID, SLOT, code)
    return "refused"


def groups() -> list[str]:
    return format_recovery_code(CODE).split("-")


def caught(g: int) -> tuple[str, ...]:
    """What may happen to a typo in group `g` (0-based): it is named, or the slot refuses.
    The last group also carries four zero bits, checked on their own."""
    return (f"named {g + 1}", "refused", *(("named last",) if g == len(groups()) - 1 else ()))


def test_the_code_as_printed_and_as_typed_loosely_reads_back() -> None:
    printed = format_recovery_code(CODE)
    assert parse_recovery_code(printed) == CODE
    loose = printed.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert parse_recovery_code(loose) == CODE


def test_every_single_mistyped_character_is_named_or_refused() -> None:
    results = []
    for g, group in enumerate(groups()):
        for i, char in enumerate(group):
            for other in ALPHABET.replace(char, ""):
                typed = groups()
                typed[g] = group[:i] + other + group[i + 1 :]
                result = outcome("-".join(typed))
                assert result in caught(g), (g, i, other)
                results.append(result)
    named = sum(r.startswith("named") for r in results)
    # The check character is 5 bits: about 31 typos in 32 are named at once.
    assert named / len(results) > 0.93, f"{named} of {len(results)} named"


def test_swapped_neighbouring_characters_are_named_or_refused() -> None:
    for g, group in enumerate(groups()):
        for i in range(len(group) - 1):
            if group[i] == group[i + 1]:
                continue
            typed = groups()
            typed[g] = group[:i] + group[i + 1] + group[i] + group[i + 2 :]
            assert outcome("-".join(typed)) in caught(g)


def test_two_swapped_groups_are_named_or_refused() -> None:
    # The check depends on the group's position, so a whole group in the wrong place fails.
    named = 0
    for g in range(len(groups()) - 1):
        typed = groups()
        typed[g], typed[g + 1] = typed[g + 1], typed[g]
        result = outcome("-".join(typed))
        assert result in caught(g)
        named += result.startswith("named")
    assert named >= len(groups()) - 3


def test_a_missing_or_extra_character_is_named_by_count() -> None:
    printed = format_recovery_code(CODE)
    with pytest.raises(BadInput, match="has 64 characters"):
        parse_recovery_code(printed[:-1])
    with pytest.raises(BadInput, match="has 66 characters"):
        parse_recovery_code(printed + "7")
    with pytest.raises(BadInput, match="no character 'U'"):
        parse_recovery_code("U" + printed[1:])
