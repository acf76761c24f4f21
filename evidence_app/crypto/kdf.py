"""Argon2id for passphrase slots: parameters, their limits, and calibration.

The floor (256 MiB, 3 passes) keeps a stolen vault.json expensive to attack even when a slot
was written on a slow machine. The ceiling (1 GiB, 8 passes) is the most calibration ever
sets, whatever time it is asked to fill; parameters above it can only come from an edited
vault.json, so they are refused before any key derivation instead of costing seconds and a
gigabyte of memory first.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import nacl.pwhash

from evidence_app.kernel.errors import UnknownVaultFormat

MIB = 1024 * 1024
ALGORITHM = "argon2id13"
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES
MIN_MEMORY = 256 * MIB
MIN_PASSES = 3
MAX_MEMORY = 1024 * MIB
MAX_PASSES = 8


@dataclass(frozen=True)
class Argon2idParams:
    opslimit: int
    memlimit: int

    def __post_init__(self) -> None:
        check_params(self.opslimit, self.memlimit)

    @classmethod
    def floor(cls) -> Argon2idParams:
        return cls(opslimit=MIN_PASSES, memlimit=MIN_MEMORY)

    def to_json(self) -> dict[str, Any]:
        return {"alg": ALGORITHM, "opslimit": self.opslimit, "memlimit": self.memlimit}

    @classmethod
    def from_json(cls, data: Any) -> Argon2idParams:
        if not isinstance(data, dict) or data.get("alg") != ALGORITHM:
            raise UnknownVaultFormat("A passphrase slot uses an unknown key-derivation method.")
        opslimit, memlimit = data.get("opslimit"), data.get("memlimit")
        if not isinstance(opslimit, int) or not isinstance(memlimit, int):
            raise UnknownVaultFormat("A passphrase slot has malformed key-derivation parameters.")
        return cls(opslimit=opslimit, memlimit=memlimit)


def check_params(opslimit: int, memlimit: int) -> None:
    if memlimit < MIN_MEMORY or opslimit < MIN_PASSES:
        raise UnknownVaultFormat(
            "A passphrase slot asks for key-derivation parameters below the safe minimum "
            f"({MIN_MEMORY // MIB} MiB, {MIN_PASSES} passes); refusing to use it."
        )
    if memlimit > MAX_MEMORY or opslimit > MAX_PASSES:
        raise UnknownVaultFormat(
            "A passphrase slot asks for more than "
            f"{MAX_MEMORY // MIB} MiB or {MAX_PASSES} passes, more than Evidence App ever sets "
            "(vault.json was edited); refusing to spend that time and memory. The recovery "
            "code or an organisation key still opens the vault."
        )


def derive_key(passphrase: str, salt: bytes, params: Argon2idParams) -> bytes:
    key: bytes = nacl.pwhash.argon2id.kdf(
        32,
        passphrase.encode("utf-8"),
        salt,
        opslimit=params.opslimit,
        memlimit=params.memlimit,
    )
    return key


def calibrate(target_seconds: float = 1.0) -> Argon2idParams:
    """Parameters that take about `target_seconds` here, never below the floor nor above the
    ceiling (a longer target than the ceiling allows gets the ceiling).

    One measurement at the floor; Argon2id's cost grows close to linearly with
    memory × passes, so the rest is arithmetic. Memory grows first: it is what makes GPU
    attacks costly.
    """
    floor = Argon2idParams.floor()
    started = time.perf_counter()
    derive_key("calibration", b"\0" * SALT_BYTES, floor)
    seconds_per_unit = (time.perf_counter() - started) / (floor.memlimit * floor.opslimit)
    budget_units = target_seconds / seconds_per_unit
    memlimit = MIN_MEMORY
    while memlimit * 2 <= MAX_MEMORY and memlimit * 2 * MIN_PASSES <= budget_units:
        memlimit *= 2
    opslimit = max(MIN_PASSES, min(MAX_PASSES, math.floor(budget_units / memlimit)))
    return Argon2idParams(opslimit=opslimit, memlimit=memlimit)
