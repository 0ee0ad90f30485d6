"""The service provider's SAML metadata, registered with Węzeł Krajowy (docs/login-gov-pl.md)."""

import base64

from lxml import etree

from .saml import ARTIFACT_BINDING, SpConfig

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"


def sp_metadata(config: SpConfig) -> bytes:
    root = etree.Element(f"{{{MD}}}EntityDescriptor", nsmap={"md": MD, "ds": DS}, entityID=config.entity_id)
    sp = etree.SubElement(
        root,
        f"{{{MD}}}SPSSODescriptor",
        AuthnRequestsSigned="true",
        WantAssertionsSigned="true",
        protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol",
    )
    cert = base64.b64encode(config.keypair.cert_der).decode()
    for use in ("signing", "encryption"):
        descriptor = etree.SubElement(sp, f"{{{MD}}}KeyDescriptor", use=use)
        data = etree.SubElement(etree.SubElement(descriptor, f"{{{DS}}}KeyInfo"), f"{{{DS}}}X509Data")
        etree.SubElement(data, f"{{{DS}}}X509Certificate").text = cert
    etree.SubElement(
        sp,
        f"{{{MD}}}AssertionConsumerService",
        Binding=ARTIFACT_BINDING,
        Location=config.acs_url,
        index="1",
        isDefault="true",
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
