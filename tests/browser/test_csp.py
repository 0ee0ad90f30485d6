"""Content-Security-Policy in a real browser (issue 11): every public page carries the strict policy and
nothing on it is blocked by it (no page needs inline script or style); the admin works under its
relaxed policy. A blocked resource shows up as a console message naming the policy."""

import pytest

pytestmark = pytest.mark.browser

PUBLIC = [
    "/uslugi/",
    "/ostrzezenia/",
    "/ostrzezenia/subskrypcja/",
    "/konto/logowanie/",
    "/konto/rejestracja/",
    "/konto/haslo/reset/",
    "/budzet-obywatelski/",
    "/.well-known/security.txt",
]
OPERATOR = "kryzys@ratusz.local"


def _watch(tab) -> list[str]:
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    return blocked


def test_public_pages_run_under_the_strict_policy_with_nothing_blocked(tab, demo_site):
    blocked = _watch(tab)
    for path in [*demo_site.paths.values(), *PUBLIC]:
        response = tab.goto(demo_site.url + path)
        tab.wait_for_load_state("networkidle")
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (path, policy)
    assert not blocked, "\n".join(blocked)


def test_admin_pages_work_under_the_admin_policy(tab, demo_site):
    # Signed in as after the password and the second factor (tests/conftest.py's force_login); the sign-in
    # pages themselves are covered by the accounts' browser tests.
    from django.test import Client

    from cms.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=OPERATOR))
    host = demo_site.url.split("//", 1)[1].split(":")[0]
    session = client.cookies["sessionid"].value
    tab.context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    blocked = _watch(tab)
    for path in ["/admin/", "/admin/kryzys/ostrzezenia/", "/admin/kryzys/ostrzezenia/nowe/"]:
        response = tab.goto(demo_site.url + path)
        tab.wait_for_load_state("networkidle")
        assert tab.url == demo_site.url + path, tab.url  # the page itself, not the sign-in
        assert "frame-ancestors 'self'" in response.headers.get("content-security-policy", "")
    assert not blocked, "\n".join(blocked)
