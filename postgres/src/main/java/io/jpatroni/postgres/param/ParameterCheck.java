package io.jpatroni.postgres.param;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a parameter can be written for one major version: the built-in table first, then the names the installed
 * {@code postgres --describe-config} lists (a parameter the table does not know yet, or a vendor build's). Names with
 * a dot are an extension's and pass unchecked, as in Patroni. Pure.
 */
public record ParameterCheck(ParameterTable table, MajorVersion version, Set<String> binaryParameters) {

    public ParameterCheck {
        binaryParameters = Set.copyOf(binaryParameters.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }

    /** Only the built-in table, for {@code version}. */
    public static ParameterCheck of(MajorVersion version) {
        return new ParameterCheck(ParameterTable.builtIn(), version, Set.of());
    }

    /** A recovery setting (recovery.conf before 12): restore_command, primary_conninfo, standby_mode... */
    public boolean isRecoveryParameter(String name) {
        return table.history(name).stream().anyMatch(r -> r.kind() == ParameterRule.Kind.RECOVERY);
    }

    /** What to write for {@code name = value}. */
    public ParameterRule.Verdict check(String name, String value) {
        Optional<ParameterRule> rule = table.rule(name, version);
        if (rule.isPresent()) {
            return rule.get().check(value);
        }
        if (name.contains(".") && table.history(name).isEmpty()
                || binaryParameters.contains(name.toLowerCase(Locale.ROOT))) {
            return ParameterRule.Verdict.keep(value);
        }
        return ParameterRule.Verdict.drop(unknownReason(name));
    }

    private String unknownReason(String name) {
        List<ParameterRule> history = table.history(name);
        String reason = "PostgreSQL " + version + " has no such parameter";
        if (history.isEmpty()) {
            return reason;
        }
        MajorVersion first = history.get(0).since();
        Optional<MajorVersion> last = history.get(history.size() - 1).until();
        return reason + last.filter(version::isAtLeast).map(u -> " (removed in " + u + ")")
                .orElse(" (added in " + first + ")");
    }
}
