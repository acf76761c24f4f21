"""The dossier PDF's attachment and PAdES signature (pyHanko), and checking both.

PDF readers (Adobe's, poppler's) do not validate Ed25519 signatures, so the PDF is signed
with a one-time ECDSA P-256 key made for this export, in a self-signed certificate, and
then forgotten. The certificate's SHA-256 is written into the manifest, which the vault's
identity key signs: identity key → manifest → PDF certificate, a chain anyone can follow
without trusting a certificate authority. A reader shows "signature valid, signer unknown"
and any change made after signing.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

ATTACHMENT_NAME = "manifest.json"
SIGNATURE_FIELD = "EvidenceAppSignature"


@dataclass(frozen=True)
class PdfSigningKey:
    certificate: asn1_x509.Certificate
    private_key: asn1_keys.PrivateKeyInfo

    @property
    def certificate_sha256(self) -> str:
        return hashlib.sha256(self.certificate.dump()).hexdigest()


def new_pdf_signing_key(signer_name: str, case_ref: str) -> PdfSigningKey:
    """A key for one PDF; it lives only in memory until the PDF is signed."""
    private = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, signer_name or "Evidence App vault"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"dossier {case_ref}"[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * 30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(private, hashes.SHA256())
    )
    der_key = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return PdfSigningKey(
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(der_key),
    )


def attach_and_sign(
    unsigned_pdf: Path,
    destination: Path,
    manifest: bytes,
    key: PdfSigningKey,
    case_ref: str,
) -> None:
    with open(unsigned_pdf, "rb") as source:
        writer = IncrementalPdfFileWriter(io.BytesIO(source.read()))
    attachment = embed.EmbeddedFileObject.from_file_data(
        writer, manifest, mime_type="application/json"
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=ATTACHMENT_NAME,
            file_name=ATTACHMENT_NAME,
            embedded_data=attachment,
            description="Signed manifest of this dossier (see manifest.json.minisig)",
            af_relationship=generic.NameObject("/Data"),
        ),
    )
    signer = signers.SimpleSigner(
        signing_cert=key.certificate,
        signing_key=key.private_key,
        cert_registry=SimpleCertificateStore.from_certs([key.certificate]),  # type: ignore[no-untyped-call]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=f"Accountability dossier for case {case_ref}",
    )
    with open(destination, "wb") as out:
        signers.sign_pdf(writer, metadata, signer=signer, output=out)


@dataclass(frozen=True)
class PdfCheck:
    problems: list[str]
    attachment: bytes | None


def check_signed_pdf(pdf: IO[bytes], certificate_sha256: str, attachment_limit: int) -> PdfCheck:
    """The PDF (a seekable stream, never read whole here) is signed once, over the whole
    file, intact, with the certificate the signed manifest names; return its attached
    manifest, inflated to at most `attachment_limit` bytes, for comparison."""
    problems: list[str] = []
    try:
        reader = PdfFileReader(pdf)
        signatures = reader.embedded_signatures
        attachment = _attachment(reader, attachment_limit)
    except (PdfError, KeyError, ValueError, zlib.error) as error:
        return PdfCheck([f"dossier.pdf cannot be read as a PDF ({error})"], None)
    if len(signatures) != 1:
        return PdfCheck([f"dossier.pdf has {len(signatures)} signatures, expected one"], attachment)
    signature = signatures[0]
    cert = signature.signer_cert
    if hashlib.sha256(cert.dump()).hexdigest() != certificate_sha256:
        problems.append(
            "dossier.pdf was signed with a certificate the signed manifest does not name"
        )
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[cert]))
    except Exception as error:  # pyHanko raises many kinds on mangled signatures
        return PdfCheck(
            [*problems, f"dossier.pdf's signature cannot be validated ({error})"], attachment
        )
    if not status.intact or not status.valid:
        problems.append(
            "dossier.pdf was changed after it was signed (its signature does not match)"
        )
    elif status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        problems.append("dossier.pdf has content added after it was signed")
    return PdfCheck(problems, attachment)


def _attachment(reader: PdfFileReader, limit: int) -> bytes | None:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    for index in range(0, len(names) - 1, 2):
        if str(names[index]) == ATTACHMENT_NAME:
            spec = names[index + 1].get_object()
            return _inflate_bounded(spec["/EF"]["/F"].get_object(), limit)
    return None


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"


def _inflate_bounded(stream: generic.StreamObject, limit: int) -> bytes:
    """The stream's content, inflated by us rather than by pyHanko (which inflates a
    stream whole): a small attachment can otherwise inflate to gigabytes."""
    filters = stream.get("/Filter")
    if isinstance(filters, generic.ArrayObject):
        filters = filters[0] if len(filters) == 1 else filters
    encoded: bytes = stream.encoded_data
    if filters is None:
        data = encoded
    elif filters == "/FlateDecode" and "/DecodeParms" not in stream:
        data = zlib.decompressobj().decompress(encoded, limit + 1)
    else:
        raise ValueError(f"the attached {ATTACHMENT_NAME} is encoded in an unexpected way")
    if len(data) > limit:
        raise ValueError(f"the attached {ATTACHMENT_NAME} is larger than {_size(limit)}")
    return data
