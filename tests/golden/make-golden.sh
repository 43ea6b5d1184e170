#!/usr/bin/env bash
# Writes the golden store of a release with that release's own code, for the golden-store test (docs/versioning.md).
#
#   tests/golden/make-golden.sh <release> <commit>        e.g. tests/golden/make-golden.sh 0.1.0 86afb49
#
# Checks the commit out in a temporary worktree, builds its host, starts a private PostgreSQL (as the postgres user when
# run as root), and writes: the demo story and dataset, a revision, and one long stream with two checkpoints. Then it
# dumps the store's schema (Marten's DDL of that release and every row) as plain SQL and captures the expected snapshot
# with tests/golden/snapshot compiled against the release's library. Output: tests/golden/<release>/.
set -euo pipefail

release=${1:?release, e.g. 0.1.0}
commit=${2:?commit of the release}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
out="$repo/tests/golden/$release"
data="$repo/tests/golden/data"
work=$(mktemp -d /tmp/golden-XXXXXX)
tree="$work/tree"
pgdata="$work/pg"
schema=hubs

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_postgres pg_ctl -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
  git -C "$repo" worktree remove --force "$tree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$repo" worktree add --detach "$tree" "$commit" >/dev/null
dotnet build "$tree/samples/Hubs.SampleHost" -c Release -v q -nologo >/dev/null
mkdir -p "$tree/tests/golden-snapshot"
cp "$repo/tests/golden/snapshot/"{GoldenSnapshot.cs,Program.cs,GoldenSnapshot.csproj} "$tree/tests/golden-snapshot/"
dotnet build "$tree/tests/golden-snapshot" -c Release -v q -nologo >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$pgdata" && chmod 777 "$work" && chown "$( [ "$(id -u)" = 0 ] && echo postgres || id -un)" "$pgdata"
as_postgres initdb -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_postgres pg_ctl -D "$pgdata" -l "$pgdata/server.log" -w -o "-p $port -c listen_addresses=127.0.0.1 -k $pgdata" start >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -q -c "create database golden" postgres
cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=golden"

hubs() { dotnet "$tree/samples/Hubs.SampleHost/bin/Release/net10.0/hubs.dll" "$@" --connection "$cs"; }
now() { date -u +%Y-%m-%dT%H:%M:%S.%6NZ; }

hubs demo --data "$data/rd-intensity-2019-2022.csv" >/dev/null
sleep 1
as_of=$(now)          # after the demo, before the revision: the as-of report must not see the revision
sleep 1
hubs import rd "$data/revision.csv" >/dev/null
# One long stream: a region reported for 1950-2100 and revised thirteen times (2,115 events, checkpoints at 1,000 and 2,000).
python3 - "$work" <<'PY'
import sys
for run in range(14):
    with open(f"{sys.argv[1]}/long-{run:02}.csv", "w") as f:
        f.write("region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\n")
        for year in range(1950, 2101):
            f.write(f"golden-ledger,{year},{1 + (year - 1950) / 100 + run / 1000:.3f},,,{min(year + 1, 2100)}-01-{run + 1:02},g{run}\n")
PY
for f in "$work"/long-*.csv; do
  hubs import rd "$f" --register-missing --missing-kind special-administrative-region >/dev/null
done
hubs report --json >/dev/null   # projections caught up: the dump holds 0.1.0's read models and progress too

mkdir -p "$out"
# Plain SQL with INSERTs (no COPY blocks): a test can run it through Npgsql into a fresh database.
# The psql-only \restrict/\unrestrict lines (a random key per dump) are dropped: the test runs the SQL, not psql.
pg_dump -h 127.0.0.1 -p "$port" -U postgres --schema="$schema" --no-owner --no-privileges --inserts golden \
  | grep -v '^\\' > "$out/store.sql"
dotnet "$tree/tests/golden-snapshot/bin/Release/net10.0/GoldenSnapshot.dll" "$cs" "$schema" "$as_of" 2023-12-31 "$out/expected.json"
cat > "$out/manifest.json" <<JSON
{
  "release": "$release",
  "commit": "$(git -C "$repo" rev-parse "$commit")",
  "schema": "$schema",
  "asOf": "$as_of",
  "knownAt": "2023-12-31",
  "writtenAt": "$(now)",
  "postgres": "$(psql -h 127.0.0.1 -p "$port" -U postgres -At -c 'show server_version' postgres)"
}
JSON
echo "golden store of $release written to $out ($(du -h "$out/store.sql" | cut -f1) of SQL)"
