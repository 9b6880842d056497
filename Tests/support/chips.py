"""Chips made for the tests (ICAO 9303 parts 10-11), nothing taken from a real document: a CSCA
and a Document Signer made with Debian's openssl in a scratch directory (under faketime for an
expired chain), data groups from a generated identity and a test face, the EF.SOD as openssl's
CMS SignedData over an LDS Security Object, and Active Authentication keys and signatures."""
import hashlib
import io
import os
import pathlib
import subprocess

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from PIL import Image

HASHES = {"sha256": "2.16.840.1.101.3.4.2.1", "sha1": "1.3.14.3.2.26"}


def tlv(tag, content):
    """BER-TLV with a definite length; `tag` as bytes (one to three)."""
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return tag + length + content


def seq(*items):
    return tlv(b"\x30", b"".join(items))


def integer(value):
    return tlv(b"\x02", value.to_bytes(value.bit_length() // 8 + 1, "big"))


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([parts[0] * 40 + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.insert(0, 0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(chunk)
    return tlv(b"\x06", body)


def openssl(*args, cwd, when=None):
    """openssl in `cwd`; `when` ('YYYY-MM-DD'): as if run that day (faketime)."""
    command = ["openssl", *args]
    if when:
        command = ["faketime", f"{when} 00:00:00", *command]
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=60)


class Authority:
    """A CSCA and one Document Signer it issued, as files in `directory`."""

    def __init__(self, directory, name="Test", when=None, days=3650, curve="prime256v1"):
        self.directory = pathlib.Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        d = self.directory
        openssl("ecparam", "-name", curve, "-genkey", "-noout", "-out", "csca.key", cwd=d)
        openssl("req", "-x509", "-new", "-key", "csca.key", "-subj", f"/C=UT/O={name} State/CN={name} CSCA",
                "-days", str(days), "-sha256", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "csca.pem", cwd=d, when=when)
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "ds.key", cwd=d)
        openssl("req", "-new", "-key", "ds.key", "-subj", f"/C=UT/O={name} State/CN={name} Document Signer",
                "-out", "ds.csr", cwd=d)
        (d / "ds.ext").write_text("keyUsage=critical,digitalSignature\n")
        openssl("x509", "-req", "-in", "ds.csr", "-CA", "csca.pem", "-CAkey", "csca.key", "-set_serial", "2",
                "-days", str(min(days, 1825)), "-sha256", "-extfile", "ds.ext", "-out", "ds.pem", cwd=d, when=when)
        self.csca = d / "csca.pem"

    def sod(self, groups, algorithm="sha256"):
        """The EF.SOD over `groups` ({number: bytes}): tag 77 around the CMS SignedData."""
        lds = seq(integer(0), seq(oid(HASHES[algorithm])),
                  seq(*[seq(integer(n), tlv(b"\x04", hashlib.new(algorithm, groups[n]).digest()))
                        for n in sorted(groups)]))
        (self.directory / "lds.der").write_bytes(lds)
        openssl("cms", "-sign", "-binary", "-nodetach", "-nosmimecap", "-in", "lds.der", "-signer", "ds.pem",
                "-inkey", "ds.key", "-econtent_type", "2.23.136.1.1.1", "-md", "sha256", "-outform", "DER",
                "-out", "sod.p7", cwd=self.directory)
        return tlv(b"\x77", (self.directory / "sod.p7").read_bytes())


    def card_security(self):
        """EF.CardSecurity: CMS SignedData over SecurityInfos (one PACE info), unwrapped."""
        infos = tlv(b"\x31", seq(oid("0.4.0.127.0.7.2.2.4.2.2"), integer(2), integer(13)))
        (self.directory / "infos.der").write_bytes(infos)
        openssl("cms", "-sign", "-binary", "-nodetach", "-nosmimecap", "-in", "infos.der", "-signer", "ds.pem",
                "-inkey", "ds.key", "-econtent_type", "0.4.0.127.0.7.3.2.1", "-md", "sha256", "-outform", "DER",
                "-out", "card.p7", cwd=self.directory)
        return (self.directory / "card.p7").read_bytes()


def dg1(lines):
    """DG1 of a machine readable zone's lines."""
    return tlv(b"\x61", tlv(b"\x5f\x1f", "".join(lines).encode()))


def portrait(path, jpeg2000=False, width=360):
    """A face image as a chip stores one: small, JPEG or JPEG 2000."""
    image = Image.open(path).convert("RGB")
    image = image.resize((width, round(image.height * width / image.width)))
    out = io.BytesIO()
    if jpeg2000:
        image.save(out, "JPEG2000", quality_mode="rates", quality_layers=[30])
    else:
        image.save(out, "JPEG", quality=85)
    return out.getvalue(), image.size


def dg2(path, jpeg2000=False):
    """DG2: a biometric information template group of one ISO/IEC 19794-5 facial record."""
    data, (width, height) = portrait(path, jpeg2000)
    information = bytes(20)  # no feature points; gender, eyes, hair, mask, expression, pose unset
    image_info = bytes([1, 1 if jpeg2000 else 0]) + width.to_bytes(2, "big") + height.to_bytes(2, "big") + bytes(6)
    block = information + image_info + data
    block = (len(block)).to_bytes(4, "big") + block[4:]
    record = b"FAC\x00010\x00" + (14 + len(block)).to_bytes(4, "big") + (1).to_bytes(2, "big") + block
    template = tlv(b"\x7f\x60", tlv(b"\xa1", tlv(b"\x80", b"\x01\x01")) + tlv(b"\x5f\x2e", record))
    return tlv(b"\x75", tlv(b"\x7f\x61", tlv(b"\x02", b"\x01") + template))


def dg14(ecdsa_hash):
    """DG14 with an ActiveAuthenticationInfo naming ecdsa-plain-<hash> (BSI TR-03111)."""
    number = {"sha1": 1, "sha224": 2, "sha256": 3, "sha384": 4, "sha512": 5}[ecdsa_hash]
    info = seq(oid("2.23.136.1.1.5"), integer(1), oid(f"0.4.0.127.0.7.1.1.4.1.{number}"))
    return tlv(b"\x6e", tlv(b"\x31", info))


class ChipKey:
    """An Active Authentication key pair: RSA (ISO/IEC 9796-2 scheme 1, SHA-1) or ECDSA P-256."""

    def __init__(self, kind="rsa"):
        self.kind = kind
        self.key = rsa.generate_private_key(65537, 1024) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())

    def dg15(self):
        return tlv(b"\x6f", self.key.public_key().public_bytes(serialization.Encoding.DER,
                                                               serialization.PublicFormat.SubjectPublicKeyInfo))

    def sign(self, challenge):
        if self.kind == "ecdsa":
            r, s = decode_dss_signature(self.key.sign(challenge, ec.ECDSA(hashes.SHA256())))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        numbers = self.key.private_numbers()
        n = numbers.public_numbers.n
        k = (n.bit_length() + 7) // 8
        recovered = os.urandom(k - 22)
        block = b"\x6a" + recovered + hashlib.sha1(recovered + challenge).digest() + b"\xbc"
        return pow(int.from_bytes(block, "big"), numbers.d, n).to_bytes(k, "big")
