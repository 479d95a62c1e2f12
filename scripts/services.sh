#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis the tests use are up: starts an installed but
# stopped server, and says clearly what is missing otherwise.
set -u
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
redis_port=${REDIS_PORT:-6379}
fail=0

if ! pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is not running on $pg_host:$pg_port; starting it..."
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    for _ in $(seq 1 20); do pg_isready -q -h "$pg_host" -p "$pg_port" && break; sleep 0.5; done
  fi
  if ! pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; then
    echo "ERROR: the tests need PostgreSQL at $pg_host:$pg_port (or DATABASE_URL), and none answers." >&2
    echo "       Install it ('apt-get install postgresql') or point DATABASE_URL at a server." >&2
    fail=1
  fi
fi

if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Redis is not running on 127.0.0.1:$redis_port; starting it..."
    mkdir -p /tmp/dziennik-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
      --dir /tmp/dziennik-redis --logfile /tmp/dziennik-redis/redis.log
    for _ in $(seq 1 20); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.25; done
  fi
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    echo "ERROR: the tests need Redis at 127.0.0.1:$redis_port, and none answers." >&2
    echo "       Install it ('apt-get install redis-server') or start it." >&2
    fail=1
  fi
fi
exit $fail
