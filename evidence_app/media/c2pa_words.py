"""A C2PA manifest's reading said as words, the same in the item view, `items show` and the
accountability dossier's exhibit page. The English here is the key of the translation
catalogs (kernel.catalogs); `translate` turns it into the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

C2PA_WORDS: Final = {
    "heading": "Content credentials (C2PA)",
    "valid": "Intact, signed by a certificate on the trust list",
    "unknown_key": (
        "Intact and matching the file, but the signing certificate is on no trust list: "
        "who signed is what the certificate says, unconfirmed"
    ),
    "invalid": "Does not check: the file or its manifest changed after signing",
    "unreadable": "Present but unreadable",
    "claim_generator": "Claim generator",
    "signer": "Signed by",
    "issued_by": "issued by {issuer}",
    "signed_at": "Signing time",
    "no_timestamp": "no trusted timestamp",
    "actions": "Actions",
    "ingredients": "Made from",
    "validation": "Validation",
    "problem": "Problem",
}


def c2pa_status_line(status: str, translate: Callable[[str], str]) -> str:
    """The verdict in one line; a status this version does not know, as its code."""
    return translate(C2PA_WORDS[status]) if status in C2PA_WORDS else status


def c2pa_facts(
    status: str, summary: dict[str, Any], translate: Callable[[str], str]
) -> list[tuple[str, str]]:
    """(label, value) rows: the verdict first, then what the manifest claims. Names, codes
    and software agents stay as the manifest writes them."""
    words = {key: translate(text) for key, text in C2PA_WORDS.items()}
    rows = [(words["heading"], c2pa_status_line(status, translate))]
    if status == "unreadable":
        return [*rows, (words["problem"], str(summary.get("problem") or "—"))]
    signer = summary.get("signer") or {}
    who = signer.get("subject") or signer.get("common_name") or "—"
    if signer.get("issuer"):
        who = f"{who}; {words['issued_by'].format(issuer=signer['issuer'])}"
    rows += [
        (words["claim_generator"], str(summary.get("claim_generator") or "—")),
        (words["signer"], who),
        (words["signed_at"], str(summary.get("signed_at") or words["no_timestamp"])),
        (words["actions"], _actions_text(summary.get("actions") or [])),
    ]
    ingredients = [str(i.get("title") or "—") for i in summary.get("ingredients") or []]
    if ingredients:
        rows.append((words["ingredients"], ", ".join(ingredients)))
    codes = [str(failure.get("code")) for failure in summary.get("failures") or []]
    state = summary.get("validation_state") or "—"
    rows.append((words["validation"], f"{state}: {', '.join(codes)}" if codes else str(state)))
    return rows


def _actions_text(actions: list[dict[str, Any]]) -> str:
    said = [
        f"{action.get('action')} ({action['software_agent']})"
        if action.get("software_agent")
        else str(action.get("action"))
        for action in actions
    ]
    return ", ".join(said) or "—"
