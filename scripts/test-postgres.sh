#!/usr/bin/env bash
# `npm run test:postgres`: the PostgreSQL integration tests (tests/integration/db/postgres.test.ts, and
# the reliability suites tests/integration/reliability/, which run the server as a child process on a
# database of its own) against a throwaway cluster this script starts on 127.0.0.1 and removes afterwards.
# Needs Debian's postgresql package (apt-get install -y postgresql); .ci/run installs it.
# With TEST_POSTGRES_URL already set, it uses that server instead and starts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

run_tests() {
  npx vitest run tests/integration/db/postgres.test.ts tests/integration/reliability
}

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  run_tests
  exit $?
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "未找到 PostgreSQL（apt-get install -y postgresql），或设置 TEST_POSTGRES_URL 指向一个可建库的服务器。" >&2
  echo "PostgreSQL not found: install Debian's postgresql package or set TEST_POSTGRES_URL." >&2
  exit 1
fi

dir=$(mktemp -d /tmp/pingshen-pg.XXXXXX)
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

# initdb and postgres refuse to run as root: run them as the postgres account Debian's package creates.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U pingshen --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (temporary, $dir)"
export TEST_POSTGRES_URL="postgresql://pingshen@127.0.0.1:$port/postgres"
run_tests
