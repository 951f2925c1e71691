#!/bin/sh
# custom create_replica_method: records its arguments and clones with pg_basebackup
for arg in "$@"; do
  case "$arg" in
    --datadir=*) DATADIR="${arg#--datadir=}" ;;
    --connstring=*) CONN="${arg#--connstring=}" ;;
  esac
done
printf '%s\n' "$@" > "$(dirname "$DATADIR")/clone.args"
exec "$PG_BIN/pg_basebackup" --pgdata="$DATADIR" -X stream --checkpoint=fast --dbname="$CONN"
