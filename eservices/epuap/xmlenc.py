"""XML Encryption (xmlenc 1.1) of one element, as login.gov.pl encrypts the SAML assertion.

The content is AES-256-GCM; the content key reaches the recipient either

* wrapped with **RSA-OAEP** for an RSA certificate, or
* for an EC certificate (P-256, what Węzeł Krajowy uses) by **ECDH-ES key agreement**: an ephemeral
  key of the sender, the shared secret through **ConcatKDF** (SHA-256) into a key-encryption key, and
  the content key wrapped with **AES-256 key wrap** (RFC 3394) — ``xenc:AgreementMethod`` with the
  originator's public key in ``xenc:OriginatorKeyInfo``.

cryptography does the maths; this module lays the bytes out as ``xenc:EncryptedData`` and reads them
back. Anything unexpected when decrypting is a ``DecryptionError``.
"""

from __future__ import annotations

import base64
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap
from lxml import etree

XENC = "http://www.w3.org/2001/04/xmlenc#"
XENC11 = "http://www.w3.org/2009/xmlenc11#"
DS = "http://www.w3.org/2000/09/xmldsig#"
DSIG11 = "http://www.w3.org/2009/xmldsig11#"
AES256_GCM = XENC11 + "aes256-gcm"
RSA_OAEP = XENC + "rsa-oaep-mgf1p"
KW_AES256 = XENC + "kw-aes256"
ECDH_ES = XENC11 + "ECDH-ES"
CONCAT_KDF = XENC11 + "ConcatKDF"
SHA256 = XENC + "sha256"
P256 = "urn:oid:1.2.840.10045.3.1.7"
OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
ALGORITHM_ID = b"ratusz-saml"  # ConcatKDF AlgorithmID: any agreed octets


class DecryptionError(ValueError):
    pass


def _sub(parent, ns: str, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
    if text is not None:
        node.text = text
    return node


def _kdf(shared: bytes, *, algorithm_id: bytes, party_u: bytes, party_v: bytes) -> bytes:
    return ConcatKDFHash(algorithm=hashes.SHA256(), length=32, otherinfo=algorithm_id + party_u + party_v).derive(
        shared
    )


def _hex(octets: bytes) -> str:
    return "00" + octets.hex()  # xmlenc11: the first octet is the number of padding bits


def _unhex(value: str) -> bytes:
    raw = bytes.fromhex(value or "00")
    return raw[1:]


def _wrap_key_ecdh(encrypted_key, key: bytes, public_key: ec.EllipticCurvePublicKey) -> bytes:
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    party_u, party_v = os.urandom(16), b""
    kek = _kdf(ephemeral.exchange(ec.ECDH(), public_key), algorithm_id=ALGORITHM_ID, party_u=party_u, party_v=party_v)
    _sub(encrypted_key, XENC, "EncryptionMethod", Algorithm=KW_AES256)
    agreement = _sub(_sub(encrypted_key, DS, "KeyInfo"), XENC, "AgreementMethod", Algorithm=ECDH_ES)
    derivation = _sub(agreement, XENC11, "KeyDerivationMethod", Algorithm=CONCAT_KDF)
    params = _sub(
        derivation, XENC11, "ConcatKDFParams",
        AlgorithmID=_hex(ALGORITHM_ID), PartyUInfo=_hex(party_u), PartyVInfo=_hex(party_v),
    )  # fmt: skip
    _sub(params, DS, "DigestMethod", Algorithm=SHA256)
    ec_value = _sub(_sub(_sub(agreement, XENC, "OriginatorKeyInfo"), DS, "KeyValue"), DSIG11, "ECKeyValue")
    _sub(ec_value, DSIG11, "NamedCurve", URI=P256)
    point = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    _sub(ec_value, DSIG11, "PublicKey", base64.b64encode(point).decode())
    return aes_key_wrap(kek, key)


def encrypt_element(element: etree._Element, cert: x509.Certificate) -> etree._Element:
    """``xenc:EncryptedData`` (Type=Element) holding ``element``, readable only with ``cert``'s key."""
    key, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
    cipher = iv + AESGCM(key).encrypt(iv, etree.tostring(element), None)
    data = etree.Element(
        f"{{{XENC}}}EncryptedData", Type=f"{XENC}Element",
        nsmap={"xenc": XENC, "xenc11": XENC11, "ds": DS, "dsig11": DSIG11},
    )  # fmt: skip
    _sub(data, XENC, "EncryptionMethod", Algorithm=AES256_GCM)
    encrypted_key = _sub(_sub(data, DS, "KeyInfo"), XENC, "EncryptedKey")
    public_key = cert.public_key()
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        wrapped = _wrap_key_ecdh(encrypted_key, key, public_key)
    else:
        _sub(encrypted_key, XENC, "EncryptionMethod", Algorithm=RSA_OAEP)
        wrapped = public_key.encrypt(key, OAEP)
    _sub(_sub(encrypted_key, XENC, "CipherData"), XENC, "CipherValue", base64.b64encode(wrapped).decode())
    _sub(_sub(data, XENC, "CipherData"), XENC, "CipherValue", base64.b64encode(cipher).decode())
    return data


def _unwrap_key_ecdh(encrypted_key, wrapped: bytes, private_key) -> bytes:
    agreement = encrypted_key.find(f"{{{DS}}}KeyInfo/{{{XENC}}}AgreementMethod")
    if agreement is None or agreement.get("Algorithm") != ECDH_ES:
        raise DecryptionError("Nieobsługiwany sposób uzgodnienia klucza.")
    if not isinstance(private_key, ec.EllipticCurvePrivateKey):
        raise DecryptionError("Asercję zaszyfrowano dla klucza EC, a serwis ma inny klucz.")
    params = agreement.find(f"{{{XENC11}}}KeyDerivationMethod[@Algorithm='{CONCAT_KDF}']/{{{XENC11}}}ConcatKDFParams")
    digest = params.find(f"{{{DS}}}DigestMethod") if params is not None else None
    if params is None or digest is None or digest.get("Algorithm") != SHA256:
        raise DecryptionError("Nieobsługiwany sposób wyprowadzenia klucza.")
    point = agreement.findtext(
        f"{{{XENC}}}OriginatorKeyInfo/{{{DS}}}KeyValue/{{{DSIG11}}}ECKeyValue/{{{DSIG11}}}PublicKey"
    )
    originator = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), base64.b64decode(point or ""))
    kek = _kdf(
        private_key.exchange(ec.ECDH(), originator),
        algorithm_id=_unhex(params.get("AlgorithmID")),
        party_u=_unhex(params.get("PartyUInfo")),
        party_v=_unhex(params.get("PartyVInfo")),
    )
    return aes_key_unwrap(kek, wrapped)


def decrypt_element(data: etree._Element, private_key) -> etree._Element:
    """The element inside ``xenc:EncryptedData``; ``DecryptionError`` for anything unexpected."""
    method = data.find(f"{{{XENC}}}EncryptionMethod")
    encrypted_key = data.find(f"{{{DS}}}KeyInfo/{{{XENC}}}EncryptedKey")
    if method is None or method.get("Algorithm") != AES256_GCM:
        raise DecryptionError("Nieobsługiwany algorytm szyfrowania asercji.")
    key_method = encrypted_key.find(f"{{{XENC}}}EncryptionMethod") if encrypted_key is not None else None
    if key_method is None or key_method.get("Algorithm") not in (RSA_OAEP, KW_AES256):
        raise DecryptionError("Nieobsługiwany algorytm szyfrowania klucza.")
    try:
        wrapped = base64.b64decode(encrypted_key.findtext(f"{{{XENC}}}CipherData/{{{XENC}}}CipherValue") or "")
        cipher = base64.b64decode(data.findtext(f"{{{XENC}}}CipherData/{{{XENC}}}CipherValue") or "")
        if key_method.get("Algorithm") == KW_AES256:
            key = _unwrap_key_ecdh(encrypted_key, wrapped, private_key)
        else:
            key = private_key.decrypt(wrapped, OAEP)
        plain = AESGCM(key).decrypt(cipher[:12], cipher[12:], None)
        return etree.fromstring(plain, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except DecryptionError:
        raise
    except Exception as error:  # noqa: BLE001 — any failure means the assertion cannot be trusted
        raise DecryptionError("Nie udało się odszyfrować asercji.") from error
