package io.jpatroni.config;

import java.util.Map;
import java.util.Optional;

/**
 * A replica creation method listed in {@code create_replica_methods}. {@code basebackup} is
 * built in and has no command; others come from the {@code postgresql.<name>} section.
 */
public record ReplicaMethodConfig(String name, Optional<String> command, boolean keepData, boolean noParams,
                            boolean noLeader, Map<String, Object> options) {

    public ReplicaMethodConfig {
        options = Maps.frozen(options);
    }

    static ReplicaMethodConfig read(Section s, String name) {
        return new ReplicaMethodConfig(name, s.string("command"), s.bool("keep_data", false),
                s.bool("no_params", false), s.bool("no_leader", false) || s.bool("no_master", false), s.asMap());
    }

    @Override
    public String toString() {
        return "ReplicaMethodConfig[name=" + name + ", command=" + command + ", keepData=" + keepData + ", noParams="
                + noParams + ", noLeader=" + noLeader + ", options=" + Maps.masked(options) + "]";
    }
}
