package io.jpatroni.postgres.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * How to bootstrap a new cluster: initdb options (or a custom {@code method}), {@code bootstrap.pg_hba} lines
 * appended to pg_hba.conf, {@code bootstrap.users}, and the {@code post_bootstrap} (or {@code post_init}) command.
 */
public record BootstrapSpec(List<InitdbOption> initdb, List<String> pgHba, List<BootstrapUser> users,
                            Optional<String> postBootstrap, Optional<CustomBootstrap> method) {
    public BootstrapSpec {
        initdb = List.copyOf(initdb);
        pgHba = List.copyOf(pgHba);
        users = List.copyOf(users);
    }

    /** By initdb. */
    public BootstrapSpec(List<InitdbOption> initdb, List<String> pgHba, List<BootstrapUser> users,
                         Optional<String> postBootstrap) {
        this(initdb, pgHba, users, postBootstrap, Optional.empty());
    }

    public static BootstrapSpec initdb(List<InitdbOption> options) {
        return new BootstrapSpec(options, List.of(), List.of(), Optional.empty());
    }
}
