package io.jpatroni.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Where to connect (a leader, a clone source, the local node) and as whom. */
public record ConnectionTarget(String host, int port, RoleCredentials credentials, String database) {
    public ConnectionTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(database, "database");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static ConnectionTarget of(String host, int port, RoleCredentials credentials) {
        return new ConnectionTarget(host, port, credentials, "postgres");
    }

    public ConnectionTarget withCredentials(RoleCredentials other) {
        return new ConnectionTarget(host, port, other, database);
    }

    public String user() {
        return credentials.username();
    }

    /**
     * {@code dbname}, {@code user}, {@code host}, {@code port} and the user's libpq options (sslpassword included):
     * Patroni's connection keywords for this member and user. No password: libpq takes it from PGPASSFILE.
     */
    public Map<String, String> conninfoParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dbname", database);
        p.put("user", user());
        p.put("host", host);
        p.put("port", Integer.toString(port));
        p.putAll(credentials.libpq().conninfoParams());
        return p;
    }

    /**
     * The conninfo Patroni hands to pg_basebackup, replica methods and post_bootstrap scripts, for the libpq of
     * PostgreSQL {@code versionNum}: {@code dbname=... user=... host=... port=... sslmode=... sslcert=...}.
     */
    public String dsn(int versionNum) {
        return Conninfo.format(conninfoParams(), versionNum);
    }

    /** {@code postgres://user@host:port/db} (no password). */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "postgres://" + urlEncode(user()) + "@" + h + ":" + port + "/" + urlEncode(database);
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return user() + "@" + host + ":" + port + "/" + database;
    }
}
