"""A local test identity provider playing login.gov.pl's part (development, demo, tests).

It speaks the node's side of the HTTP-Artifact flow on 127.0.0.1:

* ``POST /login/SingleSignOnService`` (``SAMLRequest``, ``RelayState``) — checks the AuthnRequest's
  signature with the service provider's certificate, then shows a page to pick a test person (no
  password: it is a stand-in) and, on ``POST /login/authenticate``, redirects the browser to the ACS
  with a one-time ``SAMLart``;
* ``POST /login/ArtifactResolutionService`` (SOAP) — checks the ArtifactResolve's signature and
  answers with a signed ArtifactResponse whose Response holds the signed assertion encrypted for the
  SP (``xmlenc``). An artifact resolves once; after that the answer carries no Response.

Knobs for tests: ``sign_responses`` (False: unsigned), ``tamper`` (change the PESEL after signing),
``one_time_artifacts`` (False: the same artifact resolves again, to test the SP's own replay check).

As a process: ``manage.py logingov_test_idp --port 8042`` (uses the SP certificate from settings).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

from cryptography import x509
from lxml import etree

from .keys import KeyPair, generate_keypair
from .saml import (
    NP,
    SAML,
    SAMLP,
    SOAP11,
    SUCCESS,
    SamlError,
    _iso,
    make_artifact,
    new_id,
    sign,
    verify,
)
from .xmlenc import encrypt_element


@dataclass(frozen=True)
class DemoPerson:
    pesel: str
    first_name: str
    last_name: str
    birth_date: str


TEST_PEOPLE = [
    DemoPerson("44051401359", "Jan", "Nowak", "1944-05-14"),
    DemoPerson("02270803624", "Anna", "Kowalska", "2002-07-08"),
    DemoPerson("90090515836", "Piotr", "Wiśniewski", "1990-09-05"),
]


class LocalIdentityProvider:
    def __init__(
        self,
        *,
        sp_cert: x509.Certificate,
        sp_entity_id: str,
        host: str = "127.0.0.1",
        port: int = 0,
        keypair: KeyPair | None = None,
        entity_id: str = "",
    ):
        self.host, self.port = host, port
        self.keypair = keypair or generate_keypair("login.gov.pl — testowy dostawca tożsamości")
        self.sp_cert, self.sp_entity_id = sp_cert, sp_entity_id
        self.entity_id = entity_id
        self.sign_responses = True
        self.tamper = False
        self.one_time_artifacts = True
        self.lock = threading.Lock()
        self.pending: dict[str, dict] = {}  # form token -> request data
        self.artifacts: dict[str, bytes] = {}
        self._server = None

    # --- the flow, callable without HTTP too ---------------------------------------------------------
    def read_authn_request(self, saml_request: str) -> dict:
        try:
            root = etree.fromstring(
                base64.b64decode(saml_request), parser=etree.XMLParser(resolve_entities=False, no_network=True)
            )
        except (ValueError, etree.XMLSyntaxError):
            raise SamlError("Nieczytelne żądanie AuthnRequest.") from None
        signed = verify(root, self.sp_cert, "AuthnRequest")
        if signed.findtext(f"{{{SAML}}}Issuer") != self.sp_entity_id:
            raise SamlError("Nieznany serwis (Issuer).")
        return {"id": signed.get("ID"), "acs": signed.get("AssertionConsumerServiceURL")}

    def issue_artifact(self, request: dict, person: DemoPerson) -> str:
        now = dt.datetime.now(dt.UTC)
        assertion = etree.Element(
            f"{{{SAML}}}Assertion", nsmap={"saml": SAML}, ID=new_id(), Version="2.0", IssueInstant=_iso(now)
        )
        etree.SubElement(assertion, f"{{{SAML}}}Issuer").text = self.entity_id
        subject = etree.SubElement(assertion, f"{{{SAML}}}Subject")
        etree.SubElement(subject, f"{{{SAML}}}NameID").text = person.pesel
        confirmation = etree.SubElement(
            subject, f"{{{SAML}}}SubjectConfirmation", Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"
        )
        etree.SubElement(
            confirmation,
            f"{{{SAML}}}SubjectConfirmationData",
            InResponseTo=request["id"],
            Recipient=request["acs"],
            NotOnOrAfter=_iso(now + dt.timedelta(minutes=5)),
        )
        conditions = etree.SubElement(
            assertion, f"{{{SAML}}}Conditions", NotBefore=_iso(now), NotOnOrAfter=_iso(now + dt.timedelta(minutes=5))
        )
        etree.SubElement(
            etree.SubElement(conditions, f"{{{SAML}}}AudienceRestriction"), f"{{{SAML}}}Audience"
        ).text = self.sp_entity_id
        statement = etree.SubElement(assertion, f"{{{SAML}}}AttributeStatement")
        for name, value in (
            ("CurrentGivenName", person.first_name),
            ("CurrentFamilyName", person.last_name),
            ("DateOfBirth", person.birth_date),
            ("PersonIdentifier", f"PL/PL/{person.pesel}"),
        ):
            attribute = etree.SubElement(statement, f"{{{SAML}}}Attribute", Name=NP + name)
            etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").text = value
        if self.sign_responses:
            assertion = sign(assertion, self.keypair)
        if self.tamper:
            for value in assertion.iter(f"{{{SAML}}}AttributeValue"):
                if value.text and value.text.startswith("PL/PL/"):
                    value.text = "PL/PL/02270803624"
        response = etree.Element(
            f"{{{SAMLP}}}Response",
            nsmap={"samlp": SAMLP, "saml": SAML},
            ID=new_id(),
            Version="2.0",
            IssueInstant=_iso(now),
            InResponseTo=request["id"],
            Destination=request["acs"],
        )
        etree.SubElement(response, f"{{{SAML}}}Issuer").text = self.entity_id
        etree.SubElement(etree.SubElement(response, f"{{{SAMLP}}}Status"), f"{{{SAMLP}}}StatusCode", Value=SUCCESS)
        etree.SubElement(response, f"{{{SAML}}}EncryptedAssertion").append(encrypt_element(assertion, self.sp_cert))
        artifact = make_artifact(self.entity_id)
        with self.lock:
            self.artifacts[artifact] = etree.tostring(response)
        return artifact

    def resolve(self, soap: bytes) -> bytes:
        envelope = etree.fromstring(soap, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        resolve = envelope.find(f"{{{SOAP11}}}Body/{{{SAMLP}}}ArtifactResolve")
        signed = verify(resolve, self.sp_cert, "ArtifactResolve")
        artifact = signed.findtext(f"{{{SAMLP}}}Artifact") or ""
        with self.lock:
            response = self.artifacts.pop(artifact, None) if self.one_time_artifacts else self.artifacts.get(artifact)
        answer = etree.Element(
            f"{{{SAMLP}}}ArtifactResponse",
            nsmap={"samlp": SAMLP, "saml": SAML},
            ID=new_id(),
            Version="2.0",
            IssueInstant=_iso(dt.datetime.now(dt.UTC)),
            InResponseTo=signed.get("ID"),
        )
        etree.SubElement(answer, f"{{{SAML}}}Issuer").text = self.entity_id
        etree.SubElement(etree.SubElement(answer, f"{{{SAMLP}}}Status"), f"{{{SAMLP}}}StatusCode", Value=SUCCESS)
        if response is not None:
            answer.append(etree.fromstring(response))
        if self.sign_responses:
            answer = sign(answer, self.keypair)
        out = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap": SOAP11})
        etree.SubElement(out, f"{{{SOAP11}}}Body").append(answer)
        return etree.tostring(out, xml_declaration=True, encoding="UTF-8")

    # --- HTTP ----------------------------------------------------------------------------------------
    def _login_page(self, token: str) -> bytes:
        options = "".join(
            f'<p><button type="submit" name="person" value="{i}">{html.escape(p.first_name)} '
            f"{html.escape(p.last_name)} (PESEL {p.pesel})</button></p>"
            for i, p in enumerate(TEST_PEOPLE)
        )
        return (
            '<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>login.gov.pl — test</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>'
            "<h1>Testowy login.gov.pl</h1><p>To jest zastępnik do prób. Wybierz osobę:</p>"
            f'<form method="post" action="/login/authenticate"><input type="hidden" name="token" value="{token}">'
            f"{options}</form></main></body></html>"
        ).encode()

    def start(self) -> str:
        idp = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _reply(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/login/ArtifactResolutionService":
                    try:
                        return self._reply(200, idp.resolve(body), "text/xml; charset=utf-8")
                    except (SamlError, etree.XMLSyntaxError, AttributeError) as error:
                        return self._reply(400, str(error).encode(), "text/plain; charset=utf-8")
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                if self.path == "/login/SingleSignOnService":
                    try:
                        request = idp.read_authn_request(form.get("SAMLRequest", ""))
                    except SamlError as error:
                        return self._reply(400, str(error).encode(), "text/plain; charset=utf-8")
                    token = new_id()
                    with idp.lock:
                        idp.pending[token] = {**request, "relay": form.get("RelayState", "")}
                    return self._reply(200, idp._login_page(token))
                if self.path == "/login/authenticate":
                    with idp.lock:
                        request = idp.pending.pop(form.get("token", ""), None)
                    if request is None:
                        return self._reply(400, "Sesja logowania wygasła.".encode(), "text/plain; charset=utf-8")
                    person = TEST_PEOPLE[int(form.get("person", "0")) % len(TEST_PEOPLE)]
                    artifact = idp.issue_artifact(request, person)
                    location = request["acs"] + "?" + urlencode({"SAMLart": artifact, "RelayState": request["relay"]})
                    return self._reply(303, b"", headers=[("Location", location)])
                return self._reply(404, b"not found", "text/plain")

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        if not self.entity_id:
            self.entity_id = f"http://{self.host}:{self.port}/idp"
        threading.Thread(target=self._server.serve_forever, name="logingov-test-idp", daemon=True).start()
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
