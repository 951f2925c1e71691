package io.jpatroni.postgres.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code synchronous_standby_names} as Patroni reads and writes it. Written: one name alone, several as
 * {@code n (a,b)} (Patroni 3.0.2's priority form, which Patroni 4's parser reads too; PostgreSQL reads it as
 * {@code FIRST n (a,b)}),
 * {@code ANY n (a,b)} for quorum commit, {@code *} when strict mode has no candidate; names sorted and quoted as an
 * identifier only when they need it. Read: every form PostgreSQL accepts ({@code FIRST}, {@code ANY}, the bare
 * number, a plain list), names compared without case as PostgreSQL does.
 *
 * @param type    off (empty), priority or quorum
 * @param num     how many of {@code members} must confirm a commit
 * @param members the names listed ({@code *} included), unquoted
 */
public record SyncStandbyNames(Type type, int num, List<String> members) {
    /** How PostgreSQL waits for the listed standbys. */
    public enum Type { OFF, PRIORITY, QUORUM }

    public static final SyncStandbyNames OFF = new SyncStandbyNames(Type.OFF, 0, List.of());

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z_0-9$]*");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<space>\\s+)|(?<ident>[A-Za-z_][A-Za-z_0-9$]*)|(?<dquot>\"(?:[^\"]|\"\")*\")|(?<star>\\*)"
                    + "|(?<num>\\d+)|(?<comma>,)|(?<open>\\()|(?<close>\\))|(?<junk>.)");

    public SyncStandbyNames {
        members = List.copyOf(members);
    }

    /** A {@code *} is listed: any standby counts. */
    public boolean hasStar() {
        return members.contains("*");
    }

    /** Whether {@code name} is listed (case-insensitively, as PostgreSQL matches application_name). */
    public boolean lists(String name) {
        return members.stream().anyMatch(m -> m.equalsIgnoreCase(name));
    }

    /** The listed names in lower case, {@code *} left out. */
    public Set<String> names() {
        Set<String> out = new TreeSet<>();
        members.stream().filter(m -> !"*".equals(m)).forEach(m -> out.add(m.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** Priority mode: empty for no name, {@code *}, one name, or {@code n (a,b)} with n the number of names. */
    public static Optional<String> priority(Collection<String> names) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        if (names.contains("*")) {
            return Optional.of("*");
        }
        List<String> quoted = quotedSorted(names);
        return Optional.of(quoted.size() == 1 ? quoted.get(0)
                : quoted.size() + " (" + String.join(",", quoted) + ")");
    }

    /** Quorum commit: {@code ANY num (a,b)}; {@code *} for no name when num &gt; 0 (strict); empty otherwise. */
    public static Optional<String> quorum(int num, Collection<String> names) {
        if (names.isEmpty() || names.contains("*")) {
            return num > 0 || names.contains("*") ? Optional.of("*") : Optional.empty();
        }
        return Optional.of("ANY " + num + " (" + String.join(",", quotedSorted(names)) + ")");
    }

    private static List<String> quotedSorted(Collection<String> names) {
        return new TreeSet<>(names).stream().map(SyncStandbyNames::quote).toList();
    }

    /** As an identifier: bare when it is one (and not FIRST / ANY), else in double quotes with quotes doubled. */
    public static String quote(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (PLAIN.matcher(name).matches() && !"first".equals(lower) && !"any".equals(lower)) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Parses a value; throws {@link IllegalArgumentException} for what PostgreSQL would refuse. */
    public static SyncStandbyNames parse(String value) {
        List<String[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(value);
        while (m.find()) {
            for (String kind : List.of("ident", "dquot", "star", "num", "comma", "open", "close", "junk")) {
                if (m.group(kind) != null) {
                    tokens.add(new String[] {kind, m.group(kind)});
                }
            }
        }
        if (tokens.isEmpty()) {
            return OFF;
        }
        Type type = Type.PRIORITY;
        int num = 1;
        List<String[]> list = tokens;
        String last = tokens.get(tokens.size() - 1)[0];
        if (tokens.size() >= 3 && "close".equals(last) && "ident".equals(tokens.get(0)[0])
                && "num".equals(tokens.get(1)[0]) && "open".equals(tokens.get(2)[0])
                && List.of("first", "any").contains(tokens.get(0)[1].toLowerCase(Locale.ROOT))) {
            type = "any".equalsIgnoreCase(tokens.get(0)[1]) ? Type.QUORUM : Type.PRIORITY;
            num = Integer.parseInt(tokens.get(1)[1]);
            list = tokens.subList(3, tokens.size() - 1);
        } else if (tokens.size() >= 2 && "close".equals(last) && "num".equals(tokens.get(0)[0])
                && "open".equals(tokens.get(1)[0])) {
            num = Integer.parseInt(tokens.get(0)[1]);
            list = tokens.subList(2, tokens.size() - 1);
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String[] t = list.get(i);
            if (i % 2 == 1) {
                if (!"comma".equals(t[0]) || i == list.size() - 1) {
                    throw new IllegalArgumentException("Unparseable synchronous_standby_names value '" + value
                            + "': unexpected " + t[1]);
                }
            } else if ("ident".equals(t[0]) || "star".equals(t[0])) {
                members.add(t[1]);
            } else if ("dquot".equals(t[0])) {
                members.add(t[1].substring(1, t[1].length() - 1).replace("\"\"", "\""));
            } else {
                throw new IllegalArgumentException("Unparseable synchronous_standby_names value '" + value
                        + "': unexpected " + t[1]);
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("Unparseable synchronous_standby_names value '" + value + "'");
        }
        return new SyncStandbyNames(type, num, members);
    }
}
