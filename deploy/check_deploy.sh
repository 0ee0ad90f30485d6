#!/usr/bin/env bash
# Validate a production configuration (`make check-deploy ENV_FILE=/etc/ratusz/ratusz.env`):
#   1. the systemd units and the nginx site in deploy/ exist and run the right commands;
#   2. `manage.py check --deploy` passes with cms.settings.production and ONLY the variables of
#      ENV_FILE (no developer environment leaking in), failing on warnings too.
# Exits non-zero with a line per problem.
set -uo pipefail

env_file="${1:?usage: deploy/check_deploy.sh ENV_FILE}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-$root/.venv/bin/python}"
problems=0

fail() { echo "check-deploy: $*" >&2; problems=$((problems + 1)); }
need() {  # need FILE PATTERN DESCRIPTION
    grep -Eq -- "$2" "$here/$1" || fail "$1 does not $3"
}

[ -r "$env_file" ] || { echo "check-deploy: cannot read $env_file" >&2; exit 2; }
for f in ratusz-web.service ratusz-worker.service ratusz-beat.service nginx/ratusz.conf backup.sh restore.sh; do
    [ -f "$here/$f" ] || fail "deploy/$f is missing"
done
if [ "$problems" -eq 0 ]; then
    for unit in ratusz-web.service ratusz-worker.service ratusz-beat.service; do
        need "$unit" '^EnvironmentFile=' "read an EnvironmentFile"
        need "$unit" '^Environment=DJANGO_SETTINGS_MODULE=cms\.settings\.production$' "use cms.settings.production"
    done
    need ratusz-web.service '^ExecStart=.*/gunicorn cms\.wsgi:application' "start gunicorn cms.wsgi:application"
    need ratusz-web.service '--bind 127\.0\.0\.1:8000' "bind gunicorn to 127.0.0.1:8000"
    need ratusz-worker.service '^ExecStart=.*/celery -A cms worker' "start celery -A cms worker"
    need ratusz-beat.service '^ExecStart=.*/celery -A cms beat' "start celery -A cms beat"
    need nginx/ratusz.conf 'server 127\.0\.0\.1:8000' "proxy to gunicorn at 127.0.0.1:8000"
    need nginx/ratusz.conf 'proxy_set_header X-Forwarded-Proto \$scheme' "pass X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER)"
    need nginx/ratusz.conf 'proxy_set_header X-Real-IP \$remote_addr' "pass X-Real-IP (cms.security.proxy)"
    need nginx/ratusz.conf 'location /media/ \{ return 404; \}' "refuse non-image media"
    [ -x "$here/backup.sh" ] && [ -x "$here/restore.sh" ] || fail "backup.sh and restore.sh must be executable"
fi

# Only the env file's variables (plus PATH and HOME), as systemd would start the services.
if ! env -i PATH="$PATH" HOME="${HOME:-/tmp}" bash -c '
    set -a; . "$1"; set +a
    export DJANGO_SETTINGS_MODULE=cms.settings.production
    cd "$2" && "$3" manage.py check --deploy --fail-level WARNING
' check-deploy "$env_file" "$root" "$python"; then
    fail "manage.py check --deploy failed with $env_file"
fi

if [ "$problems" -gt 0 ]; then
    echo "check-deploy: $problems problem(s)" >&2
    exit 1
fi
echo "check-deploy: OK ($env_file)"
