package io.jpatroni.postgres.config;

import java.util.List;

/** pg_hba.conf / pg_ident.conf from a list of lines, behind Patroni's header. Pure. */
public final class LinesFileRenderer {
    private LinesFileRenderer() {
    }

    public static String render(List<String> lines) {
        StringBuilder sb = new StringBuilder(PostgresConfRenderer.HEADER);
        lines.forEach(l -> sb.append(l.strip()).append('\n'));
        return sb.toString();
    }

    /** initdb's pg_hba.conf with bootstrap entries appended as Patroni's bootstrap does: a newline, the lines. */
    public static String append(String existing, List<String> lines) {
        return existing + "\n" + String.join("\n", lines) + "\n";
    }
}
