"""VERIFY.txt: how a legal team checks a dossier with standard tools, on any computer.

Written in the dossier's language (export.dossier_words): the explanations are in
`VERIFY_WORDS`, translated by the catalogs; the commands, file names and what the tools
print are set apart from them, verbatim, since a reader types and compares them as they are.
Appendix C of dossier.pdf reproduces the same text.
"""

from __future__ import annotations

import textwrap
from typing import Any

from evidence_app.export.dossier_words import localized
from evidence_app.export.manifest import Signer

WIDTH = 72
MINISIGN_OK = '"Signature and comment signature verified"'
MINISIGN_URL = "https://jedisct1.github.io/minisign/"

# Every explanation of the instructions; what the reader types or reads from a tool is not
# here but in `verify_instructions` itself.
VERIFY_WORDS = {
    "title": "HOW TO VERIFY THIS DOSSIER (case {case})",
    "holds": "This folder is an accountability dossier. It holds:",
    "evidence": "the original files, byte for byte",
    "sums": "SHA-256 of every other file in this folder",
    "manifest": "exhibits, hashes, metadata and custody events",
    "manifest_sig": "signature of manifest.json (minisign, Ed25519)",
    "pdf": "the dossier; signed, with manifest.json attached",
    "pdf_sig": "signature of dossier.pdf (minisign, Ed25519)",
    "signer_pub": "the signer's public key (minisign format)",
    "step_signer": "1. The signer is who you think it is",
    "signer_text": (
        "Every check below proves only that the files are what the key in signer.pub "
        "signed. A forged dossier ships its own signer.pub and its own copy of these "
        "instructions, so first compare this key with the fingerprint you received "
        "independently: by phone, on paper, or from the organisation's own site, never "
        "from this folder. This dossier's key has the fingerprint (as the command "
        "evidence-app vault info shows it)"
    ),
    "signer_key_id": (
        "and the minisign key id {key_id} (the last word of the first line of signer.pub). "
        "If they differ, stop: the dossier is not from the signer you expect, whatever "
        "its name says."
    ),
    "step_files": "2. Every file is intact",
    "windows_each": "Windows (PowerShell), for each file listed in SHA256SUMS:",
    "windows_compare": (
        "and compare the Hash with the line in SHA256SUMS (Get-FileHash prints it in "
        "capitals; the value is the same)."
    ),
    "files_ok": (
        "Every line must say OK. SHA256SUMS is not signed: it catches damage, and steps 3 "
        "and 4 catch forgery."
    ),
    "step_manifest": "3. The manifest was signed by the signer key",
    "minisign_where": (
        "minisign for Windows, macOS and Linux: {url}; on Windows run minisign.exe with "
        "the same arguments."
    ),
    "must_say": "It must say:",
    "manifest_lists": (
        "The manifest lists each exhibit's file, SHA-256 and size; they must match "
        "SHA256SUMS and the files in evidence/."
    ),
    "step_pdf": "4. The PDF was signed by the signer key",
    "pdf_comment": (
        "Its trusted comment names the case and the SHA-256 of manifest.json. Any other "
        "PDF, even one that looks the same or carries its own valid PDF signature, fails "
        "here."
    ),
    "pdf_reader": (
        "A PDF reader that shows signatures (Adobe Acrobat Reader, or the command below "
        "from poppler-utils) also shows that the PDF was not changed after signing, but "
        'its certificate is a one-time certificate anyone could imitate ("issuer '
        'unknown"): the minisign check above is what ties the PDF to the signer.'
    ),
    "pdf_attached": (
        "The manifest.json attached to the PDF must be identical to the one in this "
        "folder: save it as below (-list shows it as file 1), and both lines must show "
        "the same SHA-256:"
    ),
    "step_custody": "5. The custody record was not rewritten",
    "custody_text": (
        "manifest.json holds, for each exhibit, its custody events, each with its hash, "
        "its Ed25519 signature and an RFC 9162 inclusion proof in the signed checkpoint "
        "(a C2SP tlog-checkpoint note in manifest.json and in Appendix B of the PDF), and "
        "consistency proofs from the log's earlier checkpoints: a later edition of this "
        "dossier must extend this one."
    ),
    "step_declaration": "6. The declaration by the person exporting",
    "declaration_by": "{name}, {role}{organisation}, declared on {date} that the exhibits "
    "are the files as received.",
    "declaration_organisation": ", {organisation}",
    "declaration_text": (
        'The statement is in manifest.json under "declaration", and on the declaration '
        "page of the PDF, word for word. It is signed by the signer key (Ed25519, the "
        'base64 "signature") over the RFC 8785 canonical JSON that "signed_over" '
        "describes: the declarant, the date, the statement, and this dossier's case, "
        "exhibits (number and SHA-256) and checkpoint, taken from manifest.json itself, "
        "so a declaration altered, or copied from another dossier, does not verify. Its "
        '"key_fingerprint_sha256" must be the fingerprint of step 1. The command of '
        "step 7 prints who declared and checks the signature, and says so when it does "
        "not hold; any Ed25519 library can check it too, with the public key in "
        "signer.pub."
    ),
    "no_declaration": (
        "This dossier carries no declaration: when it was exported, nobody attested in "
        "it that the exhibits are the files as received. Steps 1 to 5 still prove what "
        "the signer key signed. A dossier without a declaration is meant for internal "
        "review."
    ),
    "step_all": "7. All of the above at once, without the vault or any secret",
    "all_fingerprint": "with the fingerprint you received independently (or the path to a "
    "signer.pub you trust).",
    "all_text": (
        "It prints the signer's fingerprint first, and checks every file against "
        "SHA256SUMS and the manifest, both minisign signatures, every event signature "
        "and inclusion proof against the checkpoint, the consent events' proofs, the "
        "declaration, and the PDF signature and its attached manifest, and names exactly "
        "what fails. With an earlier edition of the dossier (OLD):"
    ),
    "all_previous": (
        "also proves that this dossier's custody log extends OLD's (no events were "
        "rewritten or removed in between)."
    ),
}


def _paragraph(text: str, indent: str = "   ") -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,  # SHA-256, tlog-checkpoint: a reader searches for them whole
    )


def _commands(*lines: str, indent: str = "     ") -> str:
    """Verbatim: what the reader types, or what a tool prints."""
    return "\n".join(indent + line for line in lines)


def _declaration(declaration: dict[str, Any] | None, w: dict[str, str]) -> list[str]:
    if not declaration:
        return [_paragraph(w["no_declaration"])]
    declarant = declaration["declarant"]
    organisation = declarant.get("organisation") or ""
    by = w["declaration_by"].format(
        name=declarant["name"],
        role=declarant["role"],
        organisation=w["declaration_organisation"].format(organisation=organisation)
        if organisation
        else "",
        date=declaration["date"],
    )
    return [_paragraph(by), _paragraph(w["declaration_text"])]


def verify_instructions(
    case_ref: str,
    signer: Signer,
    language: str = "en",
    declaration: dict[str, Any] | None = None,
) -> str:
    """VERIFY.txt in `language`; `declaration` is the manifest's (None: none was made)."""
    w = localized(VERIFY_WORDS, language)
    facts = signer.to_json()
    fingerprint = facts["fingerprint_sha256"]
    title = w["title"].format(case=case_ref)
    contents = [
        ("evidence/", w["evidence"]),
        ("SHA256SUMS", w["sums"]),
        ("manifest.json", w["manifest"]),
        ("manifest.json.minisig", w["manifest_sig"]),
        ("dossier.pdf", w["pdf"]),
        ("dossier.pdf.minisig", w["pdf_sig"]),
        ("signer.pub", w["signer_pub"]),
    ]
    parts = [
        f"{title}\n{'=' * max(len(title), 64)}",
        w["holds"] + "\n" + "\n".join(f"  {name:<23}{what}" for name, what in contents),
        "\n".join(
            [
                w["step_signer"],
                _paragraph(w["signer_text"]),
                _commands(fingerprint[:32], fingerprint[32:]),
                _paragraph(w["signer_key_id"].format(key_id=facts["minisign_key_id"])),
            ]
        ),
        "\n".join(
            [
                w["step_files"],
                _commands(
                    "Linux:    sha256sum -c SHA256SUMS", "macOS:    shasum -a 256 -c SHA256SUMS"
                ),
                _paragraph(w["windows_each"]),
                _commands("Get-FileHash -Algorithm SHA256 evidence\\<file>"),
                _paragraph(w["windows_compare"]),
                _paragraph(w["files_ok"]),
            ]
        ),
        "\n".join(
            [
                w["step_manifest"],
                _commands("minisign -Vm manifest.json -p signer.pub"),
                _paragraph(w["minisign_where"].format(url=MINISIGN_URL)),
                _paragraph(w["must_say"]),
                _commands(MINISIGN_OK),
                _paragraph(w["manifest_lists"]),
            ]
        ),
        "\n".join(
            [
                w["step_pdf"],
                _commands("minisign -Vm dossier.pdf -p signer.pub"),
                _paragraph(w["must_say"]),
                _commands(MINISIGN_OK),
                _paragraph(w["pdf_comment"]),
                _paragraph(w["pdf_reader"]),
                _commands("pdfsig dossier.pdf"),
                _paragraph(w["pdf_attached"]),
                _commands(
                    "pdfdetach -list dossier.pdf",
                    "pdfdetach -save 1 -o attached-manifest.json dossier.pdf",
                    "sha256sum attached-manifest.json manifest.json",
                ),
            ]
        ),
        "\n".join([w["step_custody"], _paragraph(w["custody_text"])]),
        "\n".join([w["step_declaration"], *_declaration(declaration, w)]),
        "\n".join(
            [
                w["step_all"],
                _commands("evidence-app verify-dossier . --signer FINGERPRINT"),
                _paragraph(w["all_fingerprint"]),
                _paragraph(w["all_text"]),
                _commands("evidence-app verify-dossier . --signer FINGERPRINT --previous OLD"),
                _paragraph(w["all_previous"]),
            ]
        ),
    ]
    return "\n\n".join(parts) + "\n"
