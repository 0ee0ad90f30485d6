#!/usr/bin/env bash
# Restore a Ratusz backup made by deploy/backup.sh into an EMPTY database. docs/deploy.md "Restore".
#
#   deploy/restore.sh DUMP_FILE [FILES_ARCHIVE]
#
# DATABASE_URL names the target database, which must exist and hold no tables (createdb first); the
# script refuses a database that already has tables rather than mixing two sites. The dump is restored
# in one transaction (all or nothing). With FILES_ARCHIVE the media and private case documents are
# unpacked into RATUSZ_VAR_DIR. Afterwards: `manage.py migrate` (a backup from an older release) and
# `manage.py check --deploy`, then start the services.
set -euo pipefail

dump="${1:?usage: deploy/restore.sh DUMP_FILE [FILES_ARCHIVE]}"
archive="${2:-}"
: "${DATABASE_URL:?set DATABASE_URL to the (empty) target database}"
[ -r "$dump" ] || { echo "restore: cannot read $dump" >&2; exit 2; }

sums="$(dirname "$dump")/$(basename "$dump" | sed -E 's/^ratusz-db-(.*)\.dump$/ratusz-\1.sha256/')"
if [ -f "$sums" ]; then
    (cd "$(dirname "$dump")" && sha256sum --check --quiet --ignore-missing "$(basename "$sums")") \
        || { echo "restore: checksum mismatch for $dump" >&2; exit 3; }
fi

tables="$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
    echo "restore: the target database already has $tables tables; restore only into an empty database" >&2
    exit 4
fi

pg_restore --no-owner --no-acl --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$dump"

if [ -n "$archive" ]; then
    : "${RATUSZ_VAR_DIR:?set RATUSZ_VAR_DIR to unpack the files into}"
    mkdir -p "$RATUSZ_VAR_DIR"
    tar -C "$RATUSZ_VAR_DIR" -xzf "$archive" --no-same-owner
fi
echo "restore: done ($(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM django_migrations") migrations recorded)"
