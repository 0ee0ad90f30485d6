"""The SAML pieces without HTTP: RSA and EC (P-256: ECDSA + ECDH-ES, as Węzeł Krajowy) key pairs."""

import base64

import pytest
from lxml import etree

from eservices.epuap.keys import generate_keypair
from eservices.epuap.logingov_idp import TEST_PEOPLE, LocalIdentityProvider
from eservices.epuap.saml import (
    SamlError,
    SpConfig,
    build_artifact_resolve,
    build_authn_request,
    read_artifact_response,
)
from eservices.epuap.xmlenc import DecryptionError, decrypt_element, encrypt_element


def _round_trip(kind: str, *, mutate=None):
    sp = generate_keypair("SP", kind=kind)
    idp = LocalIdentityProvider(
        sp_cert=sp.certificate, sp_entity_id="urn:sp", keypair=generate_keypair("IdP", kind=kind)
    )
    idp.entity_id = "urn:idp"
    config = SpConfig(
        entity_id="urn:sp", acs_url="https://sp/acs/", keypair=sp, idp_entity_id="urn:idp", idp_sso_url="https://idp/sso",
        idp_artifact_url="https://idp/ars", idp_cert=idp.keypair.certificate,
    )  # fmt: skip
    request = idp.read_authn_request(base64.b64encode(build_authn_request(config=config, request_id="ID-1")).decode())
    soap = idp.resolve(build_artifact_resolve(config=config, artifact=idp.issue_artifact(request, TEST_PEOPLE[1])))
    if mutate:
        soap = mutate(soap)
    return read_artifact_response(config=config, soap=soap)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_identity_read_with_rsa_and_ec_keys(kind):
    identity = _round_trip(kind)
    assert (identity.pesel, identity.first_name, identity.request_id) == ("02270803624", "Anna", "ID-1")
    assert identity.birth_date.isoformat() == "2002-07-08"


def test_changed_ciphertext_is_refused():
    def flip(soap: bytes) -> bytes:
        root = etree.fromstring(soap)
        values = root.findall(".//{http://www.w3.org/2001/04/xmlenc#}CipherValue")
        raw = bytearray(base64.b64decode(values[-1].text))
        raw[-1] ^= 1
        values[-1].text = base64.b64encode(bytes(raw)).decode()
        return etree.tostring(root)

    with pytest.raises(SamlError, match="Podpis odpowiedzi"):  # the ArtifactResponse signature covers it
        _round_trip("ec", mutate=flip)


def test_ec_encrypted_element_needs_the_right_key():
    recipient, other = generate_keypair("A", kind="ec"), generate_keypair("B", kind="ec")
    data = encrypt_element(etree.fromstring(b"<a>tajne</a>"), recipient.certificate)
    assert decrypt_element(data, recipient.private_key).text == "tajne"
    with pytest.raises(DecryptionError):
        decrypt_element(data, other.private_key)
