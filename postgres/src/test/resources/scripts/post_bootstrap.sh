#!/bin/sh
# post_bootstrap: called with the connection URL; the password comes from PGPASSFILE
echo "$@" > "$(dirname "$PGPASSFILE")/post_bootstrap.args"
exec psql "$1" -v ON_ERROR_STOP=1 -c "CREATE TABLE bootstrapped(id int)"
