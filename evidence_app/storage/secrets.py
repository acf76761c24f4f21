"""The ways a person can prove they may open a vault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, repr=False)
class Passphrase:
    value: str


@dataclass(frozen=True, repr=False)
class RecoveryCode:
    code: bytes


@dataclass(frozen=True, repr=False)
class OrgPrivateKey:
    key: bytes


UnlockSecret = Passphrase | RecoveryCode | OrgPrivateKey
