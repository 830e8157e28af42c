#!/bin/sh
# The entrypoint of the local PostgreSQL image (docker/postgres-image.sh): the part of the
# official postgres image's contract that docker/compose.cluster.yaml uses, so either image
# does. On the first start (an empty $PGDATA) it creates the cluster with POSTGRES_USER
# (default postgres) as its superuser, password POSTGRES_PASSWORD (required), and the database
# POSTGRES_DB (default: the user's name); it listens on every address, and clients from the
# network must give the password (scram-sha-256; local socket connections are trusted).
# Not supported: /docker-entrypoint-initdb.d, POSTGRES_INITDB_ARGS, *_FILE secrets. The image
# runs as user postgres (999) throughout, so a fresh volume takes the data directory's owner
# from the image; a directory mounted from the host must belong to 999.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}

# `podman run IMAGE -c name=value` passes settings to postgres, as with the official image.
if [ "${1#-}" != "${1:-}" ]; then
  set -- postgres "$@"
fi
if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: POSTGRES_PASSWORD is not set; the database needs a superuser password" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  # Locale C, encoding UTF8: the image has no other locales (initdb says it found none).
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    # A server on the socket only, so nobody connects before the database exists.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql -q -v ON_ERROR_STOP=1 -v db="$db" -U "$user" -d postgres <<'SQL'
CREATE DATABASE :"db";
SQL
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "postgres-entrypoint: created the database cluster, superuser '$user', database '$db'"
fi
exec "$@"
