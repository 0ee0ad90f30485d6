"""Keys and certificates of the gateway: loading PEM files, and self-signed pairs for development.

Production points ``EPUAP_CERT_FILE``/``EPUAP_KEY_FILE`` (and ``LOGINGOV_SP_*``) at the office's
certificate (see docs/epuap.md). In development and tests a missing pair is generated once when
``EPUAP_GENERATE_DEV_KEYS`` is on, so the stand-ins work without any set-up.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@dataclass(frozen=True, eq=False)
class KeyPair:
    """A private key and its certificate, both as PEM bytes."""

    key_pem: bytes
    cert_pem: bytes

    # cached: loading (and validating) an RSA key costs ~100 ms, and every SOAP call signs
    @functools.cached_property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_pem)

    @functools.cached_property
    def private_key(self):
        return serialization.load_pem_private_key(self.key_pem, password=None)

    @property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def generate_keypair(
    common_name: str,
    *,
    days: int = 3650,
    not_before: dt.datetime | None = None,
    key_size: int = 2048,
    kind: str = "rsa",
) -> KeyPair:
    """A fresh key (RSA, or ``kind="ec"``: P-256 as Węzeł Krajowy uses) with a self-signed certificate
    (``not_before`` in the past makes an expired one)."""
    if kind == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return KeyPair(
        key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
    )


def load_keypair(key_file, cert_file, *, common_name: str = "Ratusz", generate: bool = False) -> KeyPair:
    """Read the pair from disk; when missing and ``generate`` is on, create a self-signed one there."""
    key_path, cert_path = Path(key_file), Path(cert_file)
    if not (key_path.exists() and cert_path.exists()):
        if not generate:
            raise FileNotFoundError(f"missing key or certificate: {key_path}, {cert_path}")
        pair = generate_keypair(common_name)
        key_path.parent.mkdir(parents=True, exist_ok=True)
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        key_path.write_bytes(pair.key_pem)
        key_path.chmod(0o600)
        cert_path.write_bytes(pair.cert_pem)
        return pair
    return KeyPair(key_pem=key_path.read_bytes(), cert_pem=cert_path.read_bytes())


def certificate_subject(cert: x509.Certificate) -> str:
    """The common name of ``cert`` (or the whole subject when it has none)."""
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def certificate_is_current(cert: x509.Certificate, *, now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now(dt.UTC)
    return cert.not_valid_before_utc <= now <= cert.not_valid_after_utc
