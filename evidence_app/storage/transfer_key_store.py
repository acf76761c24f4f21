"""Where the transfer key pair lives: one row of the settings table, wrapped.

The settings table spares a schema migration; the value is JSON of base64 fields, the
private key wrapped under the `identity` sub-key (see crypto.transfer_key).
"""

from __future__ import annotations

import json

from evidence_app.crypto.keyslots import b64, unb64
from evidence_app.crypto.transfer_key import (
    WrappedTransferKey,
    new_transfer_key,
    rewrap_transfer_key,
)
from evidence_app.kernel.errors import UnknownVaultFormat
from evidence_app.storage.models import Setting

TRANSFER_KEY_SETTING = "transfer_key"


def _to_setting(wrapped: WrappedTransferKey) -> Setting:
    value = {
        "algorithm": "X25519",
        "public_key": b64(wrapped.public_key),
        "nonce": b64(wrapped.nonce),
        "wrapped_private_key": b64(wrapped.wrapped_private_key),
    }
    return Setting(key=TRANSFER_KEY_SETTING, value=json.dumps(value, sort_keys=True))


def new_transfer_key_setting(identity_key: bytes) -> Setting:
    return _to_setting(new_transfer_key(identity_key))


def stored_transfer_key(value: str | None) -> WrappedTransferKey:
    if value is None:
        raise UnknownVaultFormat("The vault has no transfer key yet.")
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        raise UnknownVaultFormat("The vault's transfer key is malformed.") from None
    return WrappedTransferKey(
        unb64(data.get("public_key"), "the transfer public key"),
        unb64(data.get("nonce"), "the transfer key nonce"),
        unb64(data.get("wrapped_private_key"), "the wrapped transfer key"),
    )


def rewrapped_transfer_key_setting(
    identity_keys: tuple[bytes, ...], new_identity_key: bytes, value: str | None
) -> Setting:
    stored = stored_transfer_key(value)
    return _to_setting(rewrap_transfer_key(identity_keys, new_identity_key, stored))
