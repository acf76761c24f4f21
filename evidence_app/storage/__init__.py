"""The vault on disk: vault.json, the SQLCipher catalog, the encrypted blob store."""
