package io.jpatroni.daemon.model;

import java.util.Locale;

/**
 * Patroni's slot name for a member ({@code slot_name_from_member_name}, the same in 3.x and 4.x): lower case,
 * '-' and '.' become '_', any other character outside [a-z0-9_] becomes 'u' and its code point in at least four
 * decimal digits, and the result is cut to 63 characters. The leader names a member's slot this way and the
 * member puts the same name in its {@code primary_slot_name}, whichever of Patroni and jpatroni runs each one.
 */
public final class SlotName {
    /** The longest name PostgreSQL accepts for a replication slot (NAMEDATALEN - 1). */
    public static final int MAX_LENGTH = 63;

    private SlotName() {
    }

    public static String of(String member) {
        StringBuilder out = new StringBuilder();
        member.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
                out.append((char) c);
            } else if (c == '-' || c == '.') {
                out.append('_');
            } else {
                out.append('u').append(String.format(Locale.ROOT, "%04d", c));
            }
        });
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
    }
}
