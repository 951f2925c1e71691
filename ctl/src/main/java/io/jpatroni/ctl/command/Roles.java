package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlException;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** patronictl's {@code --role} choice and member selection by role ({@code get_all_members}). */
final class Roles {
    static final Set<String> CHOICES = Set.of("leader", "primary", "standby-leader", "replica", "standby", "any",
            "master");

    private Roles() {
    }

    static String check(String role) {
        if (!CHOICES.contains(role)) {
            throw CtlException.usage("Invalid value for '--role' / '-r': '" + role + "' is not one of 'leader', "
                    + "'primary', 'standby-leader', 'replica', 'standby', 'any', 'master'.");
        }
        return role;
    }

    /** Members with {@code role}: the leader (optionally only a primary or a standby leader), replicas, or any. */
    static List<Member> members(Cluster cluster, String role) {
        List<Member> out = new ArrayList<>();
        String leaderName = cluster.leaderName().orElse(null);
        if (Set.of("leader", "master", "primary", "standby-leader").contains(role)) {
            if (leaderName == null) {
                return out;
            }
            Member leader = cluster.leader().flatMap(l -> l.member()).orElse(null);
            if (leader == null) {
                return out;
            }
            String dataRole = leader.role().orElse("");
            boolean ok = switch (role) {
                case "leader" -> true;
                case "standby-leader" -> !dataRole.equals("master") && !dataRole.equals("primary");
                default -> !dataRole.equals("standby_leader");
            };
            if (ok) {
                out.add(leader);
            }
            return out;
        }
        for (Member m : cluster.members()) {
            if (role.equals("any") || (role.equals("replica") || role.equals("standby")) && !m.name()
                    .equals(leaderName)) {
                out.add(m);
            }
        }
        return out;
    }
}
