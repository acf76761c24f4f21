"""VERIFY.txt: how a legal team checks a dossier with standard tools, on any computer."""

from __future__ import annotations

from evidence_app.export.manifest import Signer


def verify_instructions(case_ref: str, signer: Signer) -> str:
    facts = signer.to_json()
    fingerprint = facts["fingerprint_sha256"]
    return f"""\
HOW TO VERIFY THIS DOSSIER (case {case_ref})
================================================================

This folder is an accountability dossier. It holds:
  evidence/              the original files, byte for byte
  SHA256SUMS             SHA-256 of every other file in this folder
  manifest.json          exhibits, hashes, metadata and custody events
  manifest.json.minisig  signature of manifest.json (minisign, Ed25519)
  signer.pub             the signer's public key (minisign format)
  dossier.pdf            the dossier; signed, with manifest.json attached

First compare the signer key with the one you were given on paper or by
another channel. Its minisign key id is {facts["minisign_key_id"]};
the SHA-256 of the raw key is
  {fingerprint[:32]}
  {fingerprint[32:]}
Everything below proves only that the files are what this key signed.

1. Every file is intact
   Linux:    sha256sum -c SHA256SUMS
   macOS:    shasum -a 256 -c SHA256SUMS
   Windows (PowerShell), for each file listed in SHA256SUMS:
             Get-FileHash -Algorithm SHA256 evidence\\001_name.jpg
             and compare the Hash with the line in SHA256SUMS
             (Get-FileHash prints it in capitals; the value is the same).
   Every line must say OK.

2. The manifest was signed by the signer key
   minisign -Vm manifest.json -p signer.pub
   (minisign for Windows, macOS and Linux: https://jedisct1.github.io/minisign/)
   It must say "Signature and comment signature verified".
   The manifest lists each exhibit's file, SHA-256 and size; they must
   match SHA256SUMS and the files in evidence/.

3. The PDF was not changed after signing
   Open dossier.pdf in a PDF reader that shows signatures (Adobe Acrobat
   Reader, or `pdfsig dossier.pdf` from poppler-utils): the signature must
   be valid and cover the whole document. Its certificate is a one-time
   certificate made for this dossier, so readers call its issuer unknown;
   its SHA-256 (shown in Appendix B) is "pdf_certificate_sha256" in the
   signed manifest.json, which ties it to the signer key above.
   The attached manifest.json must be identical to the one in this folder.

4. The custody record was not rewritten
   manifest.json holds, for each exhibit, its custody events, each with
   its hash, its Ed25519 signature and an RFC 9162 inclusion proof in the
   signed checkpoint (a C2SP tlog-checkpoint note in manifest.json and in
   Appendix B of the PDF). Later checkpoints of the same log must extend
   this one; the documenting organisation can prove that with a
   consistency proof.

5. All of the above at once, without the vault or any secret:
   evidence-app verify-dossier .
   It checks every file against SHA256SUMS and the manifest, the manifest
   signature, every event signature and inclusion proof against the
   checkpoint, and the PDF signature and its attached manifest, and names
   exactly what fails.
"""
