"""Images and PDFs whose dates live outside EXIF, or in several places at once, built in
memory: XMP packets, IPTC records in a Photoshop APP13 segment, PDFs with a metadata stream."""

from __future__ import annotations

import io
import struct

from tests.ingest.camera_files import picture, text, tiff_block

_XMP_NAMESPACES = (
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
)


def xmp_packet(**properties: str) -> bytes:
    """An XMP packet with each property (prefix_Name="value") as an attribute."""
    attributes = " ".join(
        f'{name.replace("_", ":", 1)}="{value}"' for name, value in properties.items()
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {_XMP_NAMESPACES} {attributes}/>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def jpeg_with(
    *, exif: bytes | None = None, xmp: bytes | None = None, iptc: bytes | None = None
) -> bytes:
    """A JPEG carrying the EXIF block (see `tiff_block`), XMP packet and APP13 segment given."""
    buffer = io.BytesIO()
    options: dict[str, bytes] = {}
    if exif is not None:
        options["exif"] = b"Exif\x00\x00" + exif
    if xmp is not None:
        options["xmp"] = xmp
    picture().save(buffer, "JPEG", quality=90, **options)
    data = buffer.getvalue()
    if iptc is not None:
        data = data[:2] + iptc + data[2:]  # right after the start-of-image marker
    return data


def exif_dates(
    original: bytes | None = None, offset: bytes | None = None, modified: bytes | None = None
) -> bytes:
    exif = [text(tag, value) for tag, value in ((0x9003, original), (0x9011, offset)) if value]
    ifd0 = [text(0x010F, b"Test\x00")] + ([text(0x0132, modified)] if modified else [])
    return tiff_block(ifd0, exif=exif)


def iptc_segment(records: dict[int, bytes]) -> bytes:
    """An APP13 "Photoshop 3.0" segment with one IPTC resource (0x0404) holding the given
    application records (2:55 Date Created, 2:60 Time Created…)."""
    body = b"".join(
        b"\x1c\x02" + struct.pack(">BH", number, len(value)) + value
        for number, value in records.items()
    )
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(body)) + body
    resource += b"\x00" * (len(body) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


DATE_CREATED, TIME_CREATED = 55, 60


def pdf_with_xmp(xmp: bytes, creation_date: str | None = None) -> bytes:
    """A one-page PDF whose catalog points to an uncompressed XMP metadata stream, and whose
    Info dictionary holds `creation_date` (a PDF date) when one is given."""
    info = f"<< /CreationDate ({creation_date}) >>" if creation_date else "<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp)
        + xmp
        + b"\nendstream",
        info.encode(),
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def png_with_text_exif(block: bytes) -> bytes:
    """A PNG carrying EXIF the way ImageMagick writes it: hex in a "Raw profile type exif"
    text chunk, which Pillow does not read as EXIF."""
    from PIL.PngImagePlugin import PngInfo

    payload = b"Exif\x00\x00" + block
    hexed = payload.hex()
    lines = "\n".join(hexed[i : i + 72] for i in range(0, len(hexed), 72))
    info = PngInfo()
    info.add_text("Raw profile type exif", f"\nexif\n{len(payload):8d}\n{lines}\n", zip=True)
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()
