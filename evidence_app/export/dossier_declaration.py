"""The declaration page of an accountability dossier, right after the cover.

It prints who declares, the signed statement word for word, and the signature with the key
it verifies against; a dossier exported without a declaration says so here, in as many
words, so nobody reads the exporter's silence as an attestation.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidence_app.export.dossier_tables import facts_table, grouped_fingerprint
from evidence_app.export.dossier_words import language_of, localized
from evidence_app.export.pdf_parts import para

# Every fixed word of the page, said in the dossier's language (export.dossier_words).
LABELS = {
    "section": "Declaration",
    "heading": "Declaration by the person exporting",
    "name": "Full name",
    "role": "Role",
    "organisation": "Organisation",
    "date": "Date of export",
    "case": "Case",
    "key": "Signing key (SHA-256)",
    "statement": "Statement",
    "signature": "Signature (Ed25519, base64)",
    "how": "The statement and the facts above are signed by the vault's identity key, "
    "bound to this dossier's case, date, exhibits and checkpoint (manifest.json, "
    '"declaration"). verify-dossier checks the signature; a declaration altered, or '
    "taken from another dossier, fails it.",
    "none_heading": "No declaration",
    "none": "No declaration was made when this dossier was exported: nobody attests in it "
    "that the exhibits are the files as received. The dossier's files, signatures and "
    "custody proofs can still be checked as Appendix C explains. An export without a "
    "declaration is meant for internal review.",
}


def declaration_page(manifest: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    words = localized(LABELS, language_of(manifest))
    declaration = manifest.get("declaration")
    if not declaration:
        return [para(words["none_heading"], styles["h1"]), para(words["none"], styles["body"])]
    declarant = declaration["declarant"]
    rows: list[tuple[str, Flowable | str]] = [
        (words["name"], declarant["name"]),
        (words["role"], declarant["role"]),
        (words["organisation"], declarant["organisation"] or "—"),
        (words["date"], declaration["date"]),
        (words["case"], manifest["case"]["ref"]),
        (
            words["key"],
            para(grouped_fingerprint(declaration["key_fingerprint_sha256"]), styles["mono"]),
        ),
    ]
    flow: list[Flowable] = [
        para(words["heading"], styles["h1"]),
        facts_table(rows, styles),
        Spacer(1, 6 * mm),
        para(words["statement"], styles["h2"]),
    ]
    for paragraph in declaration["statement"].split("\n\n"):
        flow += [para(paragraph, styles["body"]), Spacer(1, 2 * mm)]
    flow += [
        Spacer(1, 4 * mm),
        para(words["signature"], styles["h2"]),
        para(declaration["signature"], styles["mono"]),
        Spacer(1, 3 * mm),
        para(words["how"], styles["small"]),
    ]
    return flow
