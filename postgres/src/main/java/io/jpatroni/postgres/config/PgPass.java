package io.jpatroni.postgres.config;

import io.jpatroni.postgres.ConnectionTarget;
import java.util.List;

/** Renders a libpq password file: {@code host:port:*:user:password}, with ':' and '\' escaped. Pure. */
public final class PgPass {
    private PgPass() {
    }

    public static String render(List<ConnectionTarget> targets) {
        StringBuilder sb = new StringBuilder();
        for (ConnectionTarget t : targets) {
            if (t.credentials().password().isEmpty()) {
                continue;
            }
            sb.append(escape(t.host())).append(':').append(t.port()).append(":*:")
                    .append(escape(t.user())).append(':')
                    .append(escape(t.credentials().password().get().value())).append('\n');
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }
}
