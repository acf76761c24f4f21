"""C2PA-signed pictures made in the test: a certificate authority and a field camera's
ES256 certificate it issued (fit for C2PA's certificate profile: not self-signed, key usage
digitalSignature, extended key usage emailProtection, key identifiers), and c2pa-python's
Builder signing a JPEG or PNG in memory."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from functools import cache

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

CLAIM_GENERATOR = "FieldCam"
CLAIM_GENERATOR_VERSION = "2.1"
SIGNER_NAME = "FieldCam Device 7"
ISSUER_ORG = "FieldCam Test Authority"
EDITOR = "PhotoFix 5"


@dataclass(frozen=True)
class CameraChain:
    chain_pem: bytes  # the camera's certificate, then the authority's
    key_pem: bytes
    anchor_pem: str  # the authority's certificate alone: a trust list of one


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _usage(*, signs_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


@cache
def camera_chain() -> CameraChain:
    now = datetime.datetime.now(datetime.UTC)
    authority_key = ec.generate_private_key(ec.SECP256R1())
    authority_name = _name("FieldCam Test Root", ISSUER_ORG)
    authority = (
        x509.CertificateBuilder()
        .subject_name(authority_name)
        .issuer_name(authority_name)
        .public_key(authority_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signs_certificates=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(authority_key.public_key()), critical=False
        )
        .sign(authority_key, hashes.SHA256())
    )
    camera_key = ec.generate_private_key(ec.SECP256R1())
    camera = (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_NAME, "FieldCam"))
        .issuer_name(authority_name)
        .public_key(camera_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signs_certificates=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(camera_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()),
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )

    def pem(certificate: x509.Certificate) -> bytes:
        return certificate.public_bytes(serialization.Encoding.PEM)

    return CameraChain(
        chain_pem=pem(camera) + pem(authority),
        key_pem=camera_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        anchor_pem=pem(authority).decode("ascii"),
    )


def plain_picture(
    image_format: str = "JPEG", colour: tuple[int, int, int] = (180, 40, 40)
) -> bytes:
    """A camera-like picture with detail in it, so its scan data is more than a few bytes."""
    image = Image.new("RGB", (160, 120), colour)
    for x in range(0, 160, 8):
        for y in range(0, 120, 8):
            image.putpixel((x, y), ((x * 7) % 256, (y * 5) % 256, (x + y) % 256))
    out = io.BytesIO()
    image.save(out, image_format)
    return out.getvalue()


def signed_picture(
    source: bytes | None = None, media_type: str = "image/jpeg", *, edited: bool = False
) -> bytes:
    """`source` signed by the field camera: created, and `edited` by an editor if asked."""
    if source is None:
        source = plain_picture("JPEG" if media_type == "image/jpeg" else "PNG")
    actions = [
        {
            "action": "c2pa.created",
            "softwareAgent": {"name": CLAIM_GENERATOR, "version": CLAIM_GENERATOR_VERSION},
            "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
        }
    ]
    if edited:
        actions.append({"action": "c2pa.edited", "softwareAgent": {"name": EDITOR}})
    manifest = {
        "claim_generator_info": [{"name": CLAIM_GENERATOR, "version": CLAIM_GENERATOR_VERSION}],
        "title": "capture",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}],
    }
    chain = camera_chain()
    signer = c2pa.Signer.from_info(
        c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain.chain_pem, chain.key_pem, None)
    )
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        builder.sign(signer, media_type, io.BytesIO(source), out)
    return out.getvalue()


def with_scan_data_changed(jpeg: bytes) -> bytes:
    """The same JPEG with a few bytes of its picture changed after signing: a retouch that
    leaves every header, and the manifest, as they were."""
    scan = jpeg.rindex(b"\xff\xda")
    changed = bytearray(jpeg)
    for offset in range(scan + 40, scan + 48):
        changed[offset] ^= 0x5A
    return bytes(changed)


def with_manifest_garbled(jpeg: bytes) -> bytes:
    """The manifest's APP11 segment kept as a marker with its insides zeroed: damaged in
    transit, or cut by a tool that did not understand it."""
    app11 = jpeg.index(b"\xff\xeb")
    garbled = bytearray(jpeg)
    garbled[app11 + 40 : app11 + 400] = bytes(360)
    return bytes(garbled)
