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
  dossier.pdf            the dossier; signed, with manifest.json attached
  dossier.pdf.minisig    signature of dossier.pdf (minisign, Ed25519)
  signer.pub             the signer's public key (minisign format)

1. The signer is who you think it is
   Every check below proves only that the files are what the key in
   signer.pub signed. A forged dossier ships its own signer.pub and its
   own copy of these instructions, so first compare this key with the
   fingerprint you received independently: by phone, on paper, or from
   the organisation's own site, never from this folder. This dossier's
   key has the fingerprint (as `evidence-app vault info` shows it)
     {fingerprint[:32]}
     {fingerprint[32:]}
   and the minisign key id {facts["minisign_key_id"]} (the last word of the
   first line of signer.pub). If they differ, stop: the dossier is not
   from the signer you expect, whatever its name says.

2. Every file is intact
   Linux:    sha256sum -c SHA256SUMS
   macOS:    shasum -a 256 -c SHA256SUMS
   Windows (PowerShell), for each file listed in SHA256SUMS:
             Get-FileHash -Algorithm SHA256 evidence\\001_name.jpg
             and compare the Hash with the line in SHA256SUMS
             (Get-FileHash prints it in capitals; the value is the same).
   Every line must say OK. SHA256SUMS is not signed: it catches damage,
   and steps 3 and 4 catch forgery.

3. The manifest was signed by the signer key
   minisign -Vm manifest.json -p signer.pub
   (minisign for Windows, macOS and Linux: https://jedisct1.github.io/minisign/;
   on Windows run minisign.exe with the same arguments)
   It must say "Signature and comment signature verified".
   The manifest lists each exhibit's file, SHA-256 and size; they must
   match SHA256SUMS and the files in evidence/.

4. The PDF was signed by the signer key
   minisign -Vm dossier.pdf -p signer.pub
   It must say "Signature and comment signature verified"; its trusted
   comment names the case and the SHA-256 of manifest.json. Any other
   PDF, even one that looks the same or carries its own valid PDF
   signature, fails here.
   A PDF reader that shows signatures (Adobe Acrobat Reader, or
   `pdfsig dossier.pdf` from poppler-utils) also shows that the PDF was not
   changed after signing, but its certificate is a one-time certificate
   anyone could imitate ("issuer unknown"): step 4's minisign check is what
   ties the PDF to the signer. The attached manifest.json must be
   identical to the one in this folder.

5. The custody record was not rewritten
   manifest.json holds, for each exhibit, its custody events, each with
   its hash, its Ed25519 signature and an RFC 9162 inclusion proof in the
   signed checkpoint (a C2SP tlog-checkpoint note in manifest.json and in
   Appendix B of the PDF), and consistency proofs from the log's earlier
   checkpoints: a later edition of this dossier must extend this one.

6. All of the above at once, without the vault or any secret:
   evidence-app verify-dossier . --signer FINGERPRINT
   with the fingerprint you received independently (or the path to a
   signer.pub you trust). It prints the signer's fingerprint first, and
   checks every file against SHA256SUMS and the manifest, both minisign
   signatures, every event signature and inclusion proof against the
   checkpoint, and the PDF signature and its attached manifest, and names
   exactly what fails. With an earlier edition of the dossier:
   evidence-app verify-dossier . --signer FINGERPRINT --previous OLD
   also proves that this dossier's custody log extends OLD's (no events
   were rewritten or removed in between).
"""
