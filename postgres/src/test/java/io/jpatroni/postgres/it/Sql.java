package io.jpatroni.postgres.it;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.sql.JdbcConnection;
import io.jpatroni.postgres.sql.JdbcPostgresQueries;
import java.sql.ResultSet;
import java.sql.Statement;

/** Test-side SQL on a node, through its own connection. */
final class Sql {
    private Sql() {
    }

    static void exec(ConnectionTarget t, String sql) {
        try (JdbcPostgresQueries q = new JdbcPostgresQueries(JdbcConnection.regular(t))) {
            q.execute(sql);
        }
    }

    static String one(ConnectionTarget t, String sql) {
        try (JdbcConnection c = JdbcConnection.regular(t)) {
            return c.run("test query", conn -> {
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
        }
    }
}
