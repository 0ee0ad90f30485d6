#!/usr/bin/env bash
# Back up Ratusz: the PostgreSQL database (pg_dump, custom format) and, with local media storage, the
# uploaded files (media and the private case documents). docs/deploy.md "Backups".
#
#   deploy/backup.sh [DESTINATION_DIR]        (default: $RATUSZ_BACKUP_DIR or ./backups)
#
# Reads DATABASE_URL and RATUSZ_VAR_DIR from the environment (systemd: EnvironmentFile). Writes
#   ratusz-db-<UTC stamp>.dump          pg_restore-able, no owners or grants (restores into any role)
#   ratusz-files-<UTC stamp>.tar.gz     media/ and private/ under RATUSZ_VAR_DIR (local storage only)
#   ratusz-<UTC stamp>.sha256           checksums of both
# and prints the dump's path last. With RATUSZ_MEDIA_STORAGE=s3 the bucket is backed up by the object
# store (versioning + replication, or `rclone sync`), not here. Exits non-zero on any failure.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:5432/name)}"
dest="${1:-${RATUSZ_BACKUP_DIR:-./backups}}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
umask 077  # backups hold personal data: readable by the backup user only

dump="$dest/ratusz-db-$stamp.dump"
pg_dump --format=custom --no-owner --no-acl --compress=6 --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"
files=("$(basename "$dump")")

if [ "${RATUSZ_MEDIA_STORAGE:-local}" = "local" ] && [ -n "${RATUSZ_VAR_DIR:-}" ]; then
    parts=()
    for sub in media private; do
        [ -d "$RATUSZ_VAR_DIR/$sub" ] && parts+=("$sub")
    done
    if [ "${#parts[@]}" -gt 0 ]; then
        archive="$dest/ratusz-files-$stamp.tar.gz"
        tar -C "$RATUSZ_VAR_DIR" -czf "$archive.partial" "${parts[@]}"
        mv "$archive.partial" "$archive"
        files+=("$(basename "$archive")")
    fi
fi

(cd "$dest" && sha256sum "${files[@]}" > "ratusz-$stamp.sha256")
if [ -n "${RATUSZ_BACKUP_KEEP_DAYS:-}" ]; then
    find "$dest" -maxdepth 1 -name 'ratusz-*' -mtime "+$RATUSZ_BACKUP_KEEP_DAYS" -delete
fi
echo "$dump"
