"""deploy/backup.sh and deploy/restore.sh against a real PostgreSQL: a backup of a database with cases,
restored into an empty database, brings the cases back (issue 11, docs/deploy.md "Restore")."""

import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from eservices.cases import services
from tests.factories import OrgUnitFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(args, env):
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=240)


def _psql(url: str, sql: str) -> str:
    result = subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def restore_db():
    name = f"h11_restore_{uuid.uuid4().hex[:8]}"
    admin = _url("postgres")
    _psql(admin, f'CREATE DATABASE "{name}"')
    try:
        yield _url(name)
    finally:
        _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database_brings_back_the_cases(tmp_path, restore_db):
    office = OrgUnitFactory(code="UM", name="Urząd Miejski", unit_type="office")
    opened = [
        services.case_open(unit=office, title=f"Wniosek o dowód {n}", applicant_name=f"Jan Nowak {n}") for n in range(2)
    ]
    var = tmp_path / "var"
    (var / "media" / "images").mkdir(parents=True)
    (var / "media" / "images" / "herb.png").write_bytes(b"\x89PNG\r\n")

    backup = _run(
        ["bash", "deploy/backup.sh", str(tmp_path / "backups")],
        {
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "RATUSZ_VAR_DIR": str(var),
        },
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    archive = next((tmp_path / "backups").glob("ratusz-files-*.tar.gz"))

    restored_var = tmp_path / "restored"
    restore = _run(
        ["bash", "deploy/restore.sh", str(dump), str(archive)],
        {
            "DATABASE_URL": restore_db,
            "RATUSZ_VAR_DIR": str(restored_var),
        },
    )
    assert restore.returncode == 0, restore.stderr
    rows = _psql(restore_db, "SELECT reference || '|' || title FROM cases_case ORDER BY id")
    assert rows.splitlines() == [f"{case.reference}|{case.title}" for case in opened]
    assert (restored_var / "media" / "images" / "herb.png").read_bytes() == b"\x89PNG\r\n"

    again = _run(["bash", "deploy/restore.sh", str(dump)], {"DATABASE_URL": restore_db})
    assert again.returncode == 4  # refused: the target is no longer empty, nothing mixed in
    assert "restore only into an empty database" in again.stderr
