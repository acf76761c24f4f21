"""Keys and encryption: key slots, Argon2id, sub-keys, blob streams, signing keys.

Everything here works on bytes in memory; nothing in this package touches the disk.
"""
