"""Production settings: clean ``check --deploy`` with the variables set; a clear refusal without."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k3$9fj2!x0qPz8LmN4vB7cR1tY6uW5eA2sD9fG3hJ8kL0zX-t7Vq1Wm4Ns8Pd2",
    "ALLOWED_HOSTS": "www.glogow-mlp.pl",
    "DATABASE_URL": "sqlite:////tmp/ratusz-deploy-check.sqlite3",
    "FINANCE_ALLOW_SANDBOX": "1",  # the sandbox payment gateway is refused in production otherwise (finance.E001)
}


def _manage(*args, env):
    # A production process inherits none of the test run's variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    test_only = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable for production." in result.stderr
