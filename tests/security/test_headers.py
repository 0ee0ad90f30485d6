"""Response headers of issue 11: Content-Security-Policy everywhere (strict on the public site, relaxed
for the Wagtail admin), security.txt, uploads served as attachments with their real type."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.documents.models import Document

from cms.security.csp import ContentSecurityPolicyMiddleware
from cms.security.jsonlog import JsonFormatter
from cms.security.media import serve_media
from cms.security.proxy import TrustedProxyMiddleware
from home.views import server_error

STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
}


def _directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")}


@pytest.mark.parametrize("path", ["/", "/aktualnosci/", "/szukaj/?q=podatek", "/konto/logowanie/", "/nie-ma-takiej/"])
def test_public_pages_carry_the_strict_policy_without_unsafe_inline(client, site_tree, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert STRICT <= _directives(policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_public_pages_have_no_inline_script_or_event_handlers(client, site_tree):
    """The strict policy would block them: every public page must work without them."""
    for path in ["/", "/aktualnosci/", "/szukaj/?q=podatek", "/konto/logowanie/", "/konto/rejestracja/"]:
        body = client.get(path).content.decode()
        assert "<script>" not in body and " onclick=" not in body and " onload=" not in body, path
        for chunk in body.split("<script")[1:]:
            assert "src=" in chunk.split(">", 1)[0], (path, chunk[:80])


def test_admin_gets_its_relaxed_policy_but_still_no_framing_by_others(client, db):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    directives = _directives(policy)
    assert "script-src 'self' 'unsafe-inline'" in directives
    assert "frame-ancestors 'self'" in directives and "object-src 'none'" in directives


def test_error_page_style_block_is_allowed_by_its_hash_only():
    request = RequestFactory().get("/boom/")
    response = ContentSecurityPolicyMiddleware(lambda r: server_error(r))(request)
    assert response.status_code == 500
    style = next(p for p in response["Content-Security-Policy"].split("; ") if p.startswith("style-src"))
    assert "'sha256-" in style and "unsafe-inline" not in style


def test_a_view_that_sets_its_own_policy_keeps_it(client, db, settings, tmp_path):
    """Wagtail serves documents with ``default-src 'none'``; the middleware must not loosen that."""
    html = ContentFile(b"<script>alert(1)</script>", name="zly.html")
    document = Document.objects.create(title="Zły plik", file=html)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].startswith("text/html")  # its real type, never rendered: attachment
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    response.close()


def test_security_txt_follows_rfc_9116(client, settings):
    settings.RATUSZ_SECURITY_CONTACT = "mailto:bezpieczenstwo@glogow-mlp.pl, https://glogow-mlp.pl/zglos"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:bezpieczenstwo@glogow-mlp.pl" in lines and "Contact: https://glogow-mlp.pl/zglos" in lines
    expires = datetime.strptime(next(x for x in lines if x.startswith("Expires: "))[9:], "%Y-%m-%dT%H:%M:%SZ")
    assert timedelta(days=30) < expires.replace(tzinfo=UTC) - datetime.now(UTC) < timedelta(days=365)
    assert "Canonical: http://testserver/.well-known/security.txt" in lines


def test_development_media_serves_images_inline_and_nothing_else(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "herb.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "images" / "zly.svg").write_bytes(b"<svg onload='alert(1)'/>")
    (tmp_path / "eforms").mkdir()
    (tmp_path / "eforms" / "skan.pdf").write_bytes(b"%PDF")
    request = RequestFactory().get("/media/x")
    image = serve_media(request, "images/herb.png")
    assert image["Content-Type"] == "image/png" and image["Content-Disposition"].startswith("inline")
    assert image["X-Content-Type-Options"] == "nosniff"
    svg = serve_media(request, "images/zly.svg")
    assert svg["Content-Type"] == "image/svg+xml" and svg["Content-Disposition"].startswith("attachment")
    from django.http import Http404

    for path in ["eforms/skan.pdf", "images/../eforms/skan.pdf", "../../etc/passwd", "images/../../x"]:
        with pytest.raises(Http404):
            serve_media(request, path)


def test_json_log_lines_carry_the_level_logger_and_extra_fields():
    record = logging.LogRecord("ratusz.security", logging.WARNING, __file__, 1, "refused %s", ("x",), None)
    record.security_event = "open_redirect"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "ratusz.security"
    assert entry["message"] == "refused x" and entry["security_event"] == "open_redirect"


def test_real_client_address_only_from_a_trusted_proxy(settings):
    settings.RATUSZ_TRUSTED_PROXIES = ["127.0.0.1"]
    seen = []
    middleware = TrustedProxyMiddleware(lambda request: seen.append(request.META["REMOTE_ADDR"]))
    factory = RequestFactory()
    middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7"))
    middleware(factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="203.0.113.7"))  # not our proxy
    middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="1.2.3.4, 5.6.7.8"))  # not an address
    assert seen == ["203.0.113.7", "198.51.100.9", "127.0.0.1"]
