"""Production configuration (issue 11): ``make check-deploy`` (deploy/check_deploy.sh) passes with a real
environment file and refuses the example's placeholders; production settings harden cookies and
headers, switch media to S3 by one variable, and log JSON."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")


def _env_file(tmp_path: Path, **overrides) -> Path:
    values = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "ratusz.glogow-mlp.pl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "CSRF_TRUSTED_ORIGINS": "https://ratusz.glogow-mlp.pl",
        "RATUSZ_VAR_DIR": str(tmp_path / "var"),
        "FINANCE_ALLOW_SANDBOX": "1",
        **overrides,
    }
    path = tmp_path / "ratusz.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return path


def _run(args, env=None):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return subprocess.run(args, cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=180)


def _production_settings(env: dict) -> dict:
    names = [
        "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF", "MEDIA_URL", "WAGTAILDOCS_SERVE_METHOD",
    ]  # fmt: skip
    code = (
        "import json, sys, django; django.setup(); from django.conf import settings as s; "
        "from cms.security.csp import policies; "
        "values = {n: getattr(s, n) for n in sys.argv[1:]}; "
        "values |= {'storage': s.STORAGES['default']['BACKEND'], 'cases': s.STORAGES.get('cases', {}).get('BACKEND'),"
        " 'csp': policies()[0], 'formatter': s.LOGGING['formatters']['json']['()'], 'first': s.MIDDLEWARE[0]}; "
        "print(json.dumps(values, default=str))"
    )
    base = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "ratusz.glogow-mlp.pl", "DATABASE_URL": "sqlite:////tmp/ratusz-h11-settings.sqlite3",
    }  # fmt: skip
    result = _run([sys.executable, "-c", code, *names], {**base, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_a_complete_environment_file(tmp_path):
    result = _run(["bash", "deploy/check_deploy.sh", str(_env_file(tmp_path))])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check-deploy: OK" in result.stdout


def test_check_deploy_refuses_the_example_with_its_placeholders():
    result = _run(["bash", "deploy/check_deploy.sh", "deploy/ratusz.env.example"])
    assert result.returncode == 1
    assert "security.W001" in result.stdout + result.stderr
    assert "SECRET_KEY still holds the example's placeholder" in result.stdout + result.stderr


def test_check_deploy_names_a_unit_that_runs_the_wrong_command(tmp_path):
    deploy = tmp_path / "deploy"
    subprocess.run(["cp", "-r", str(ROOT / "deploy"), str(deploy)], check=True)
    unit = deploy / "ratusz-beat.service"
    unit.write_text(unit.read_text().replace("celery -A cms beat", "celery -A cms worker"))
    result = _run(["bash", str(deploy / "check_deploy.sh"), str(_env_file(tmp_path))], {"PYTHON": sys.executable})
    assert result.returncode == 1
    assert "ratusz-beat.service does not start celery -A cms beat" in result.stderr


def test_production_settings_harden_cookies_and_headers():
    values = _production_settings({})
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_SECURE"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"] and values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin" and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"
    assert values["formatter"] == "cms.security.jsonlog.JsonFormatter"
    assert values["first"] == "cms.security.proxy.TrustedProxyMiddleware"


def test_one_variable_moves_media_to_s3_and_the_policy_allows_its_images():
    pytest.importorskip("storages")
    values = _production_settings({
        "RATUSZ_MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "ratusz-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.waw.example.net",
    })  # fmt: skip
    assert values["storage"] == values["cases"] == "storages.backends.s3.S3Storage"
    assert values["MEDIA_URL"] == "https://s3.waw.example.net/ratusz-media/media/"
    img = next(p for p in values["csp"].split("; ") if p.startswith("img-src"))
    assert "https://s3.waw.example.net" in img


def test_s3_without_a_bucket_refuses_to_start():
    result = _run(
        [sys.executable, "manage.py", "check"],
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "x",
            "DATABASE_URL": "sqlite:////tmp/ratusz-h11-settings.sqlite3",
            "RATUSZ_MEDIA_STORAGE": "s3",
        },
    )
    assert result.returncode != 0 and "Set the AWS_STORAGE_BUCKET_NAME environment variable" in result.stderr
