package io.jpatroni.postgres.replica;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code create_replica_methods} entry. {@code basebackup} is built in; any other name runs
 * {@code command} (default: the name) with {@code --scope --role --datadir --connstring} and its own
 * {@code params} as {@code --key=value}, unless {@code noParams}.
 *
 * @param keepData  do not empty the data directory before running the command
 * @param noLeader  the method works without a running leader (e.g. restore from a backup store)
 */
public record ReplicaMethod(String name, Optional<String> command, Map<String, String> params,
                            BasebackupOptions basebackup, boolean keepData, boolean noParams, boolean noLeader) {
    public static final String BASEBACKUP = "basebackup";

    public ReplicaMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(basebackup, "basebackup");
    }

    public static ReplicaMethod basebackup(BasebackupOptions options) {
        return new ReplicaMethod(BASEBACKUP, Optional.empty(), Map.of(), options, false, false, false);
    }

    public static ReplicaMethod custom(String name, String command, Map<String, String> params, boolean keepData,
                                       boolean noParams, boolean noLeader) {
        return new ReplicaMethod(name, Optional.of(command), params, BasebackupOptions.none(), keepData, noParams,
                noLeader);
    }

    public boolean isBasebackup() {
        return name.equals(BASEBACKUP);
    }
}
