package io.jpatroni.config;

import static io.jpatroni.config.KeyTrigger.is;
import static io.jpatroni.config.KeyTrigger.isNot;
import static io.jpatroni.config.KeyTrigger.notFalse;
import static io.jpatroni.config.KeyTrigger.set;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every Patroni 3.x/4.x configuration key and what jpatroni does with it, one line each. When a key
 * gets implemented its line becomes {@code acted(...)}, and a test proves the key works. The lines
 * drive the startup check and {@code --validate-config} ({@link UnsupportedKeys}), the running
 * daemon's check of the DCS {@code config} key, and {@code docs/config-keys.md}.
 */
public final class ConfigKeys {
    private static final String OPEN_API = "any host may call the unsafe REST endpoints (switchover, failover,"
            + " restart, reinitialize, PATCH /config)";
    private static final String ONLY_ETCD_AND_ZOOKEEPER = "jpatroni speaks only to etcd (v3 API) and ZooKeeper";
    private static final String ZOOKEEPER_TLS_ONLY = "used only with zookeeper.use_ssl: true, which is refused"
            + " (Patroni too ignores it without use_ssl)";

    /** Keys of the file (and of {@code PATRONI_*}) before the DCS sections, by YAML path. */
    private static final List<ConfigKey> GENERAL = List.of(
            acted("name"),
            acted("namespace"),
            acted("scope"),
            notApplicable("thread_pool_size", "sizes Patroni's Python thread pool"),
            notApplicable("thread_stack_size", "sizes Patroni's Python thread stacks"),

            acted("log.level"),
            acted("log.dir"),
            acted("log.file_num"),
            acted("log.file_size"),
            warned("log.type", isNot("plain"), "log lines stay plain text"),
            warned("log.format", set(), "log lines keep jpatroni's format"),
            warned("log.dateformat", set(), "log lines keep jpatroni's date format"),
            warned("log.static_fields", set(), "no extra fields are added to log lines"),
            warned("log.loggers", set(), "every logger logs at log.level"),
            warned("log.traceback_level", set(), "stack traces are logged at jpatroni's own levels"),
            warned("log.deduplicate_heartbeat_logs", notFalse(), "the status line is logged every cycle"),
            warned("log.mode", set(), "log files get the permissions of the process umask"),
            notApplicable("log.max_queue_size", "sizes Patroni's in-memory log queue"),

            acted("restapi.listen"),
            acted("restapi.connect_address"),
            acted("restapi.authentication.username"),
            acted("restapi.authentication.password"),
            acted("restapi.auth", "the user:password form of restapi.authentication"),
            acted("restapi.certfile"),
            acted("restapi.keyfile"),
            acted("restapi.keyfile_password"),
            acted("restapi.cafile"),
            acted("restapi.verify_client"),
            acted("restapi.http_extra_headers"),
            acted("restapi.https_extra_headers"),
            warned("restapi.ciphers", set(), "the REST API offers the JVM's default TLS cipher suites"),
            warned("restapi.request_queue_size", set(), "the REST API keeps its server's default backlog"),
            warned("restapi.server_tokens", set(), "the Server header of REST responses is not changed"),
            refused("restapi.allowlist", set(), OPEN_API),
            refused("restapi.allowlist_include_members", notFalse(), OPEN_API),

            acted("ctl.insecure"),
            acted("ctl.cacert"),
            acted("ctl.certfile"),
            acted("ctl.keyfile"),
            acted("ctl.keyfile_password"),
            acted("ctl.authentication.username"),
            acted("ctl.authentication.password"),
            acted("ctl.auth", "the user:password form of ctl.authentication"));

    /** Patroni's zookeeper section: read when no etcd3 or etcd section is given. */
    private static final List<ConfigKey> ZOOKEEPER = List.of(
            acted("zookeeper", "used when the file has no etcd3 or etcd section, as Patroni does; the session timeout"
                    + " is ttl"),
            acted("zookeeper.hosts", "a YAML list or a comma-separated string; a host without a port gets 2181"),
            refused("zookeeper.use_ssl", notFalse(), "the connection to ZooKeeper is neither encrypted nor checked"),
            notApplicable("zookeeper.cacert", ZOOKEEPER_TLS_ONLY),
            notApplicable("zookeeper.cert", ZOOKEEPER_TLS_ONLY),
            notApplicable("zookeeper.key", ZOOKEEPER_TLS_ONLY),
            notApplicable("zookeeper.key_password", ZOOKEEPER_TLS_ONLY),
            notApplicable("zookeeper.verify", ZOOKEEPER_TLS_ONLY),
            refused("zookeeper.set_acls", set(), "znodes are created open to every client (world:anyone) instead"
                    + " of with these x509 ACLs"),
            warned("zookeeper.auth_data", set(), "no authentication is sent to ZooKeeper (Patroni does not read"
                    + " this key either)"),
            refused("zookeeper.exhibitor", set(), "Patroni would ask Exhibitor for the ZooKeeper servers; "
                    + ONLY_ETCD_AND_ZOOKEEPER));

    /** Keys of the file after the DCS sections. */
    private static final List<ConfigKey> NODE = List.of(
            refused("consul", set(), ONLY_ETCD_AND_ZOOKEEPER),
            refused("kubernetes", set(), ONLY_ETCD_AND_ZOOKEEPER),
            refused("raft", set(), ONLY_ETCD_AND_ZOOKEEPER),
            refused("exhibitor", set(), ONLY_ETCD_AND_ZOOKEEPER),
            refused("citus", set(), "the Citus group's own DCS keys (namespace/scope/group/...) and its"
                    + " registration on the coordinator are not handled"),

            acted("bootstrap.dcs", "written to the DCS config key by the node that initializes the cluster"),
            acted("bootstrap.method", "initdb, or a section's command (a restore), then promotion and post_bootstrap"),
            acted("bootstrap.<method>", "command, no_params, keep_existing_recovery_conf, recovery_conf (PITR)"),
            acted("bootstrap.initdb"),
            acted("bootstrap.pg_hba", "Patroni 3.x"),
            acted("bootstrap.users.*.password", "Patroni 3.x"),
            acted("bootstrap.users.*.options", "Patroni 3.x"),
            acted("bootstrap.post_bootstrap"),
            acted("bootstrap.post_init"),

            acted("postgresql.listen"),
            acted("postgresql.connect_address"),
            warned("postgresql.proxy_address", set(), "it is not published as proxy_url in the member key"),
            acted("postgresql.data_dir"),
            acted("postgresql.config_dir"),
            acted("postgresql.bin_dir"),
            warned("postgresql.bin_name.*", set(), "jpatroni runs the standard binary names from bin_dir"),
            acted("postgresql.pgpass"),
            acted("postgresql.authentication.*.username", "superuser, replication, rewind"),
            acted("postgresql.authentication.*.password", "superuser, replication, rewind"),
            acted("postgresql.authentication.*.sslmode", "libpq option: JDBC, primary_conninfo, pg_basebackup,"
                    + " pg_rewind, replica methods, post_bootstrap"),
            acted("postgresql.authentication.*.sslkey", "libpq option; PEM keys read in memory for JDBC"),
            acted("postgresql.authentication.*.sslcert", "libpq option"),
            acted("postgresql.authentication.*.sslpassword", "libpq option"),
            acted("postgresql.authentication.*.sslrootcert", "libpq option"),
            acted("postgresql.authentication.*.sslcrl", "libpq option"),
            acted("postgresql.authentication.*.sslcrldir", "libpq option"),
            acted("postgresql.authentication.*.sslnegotiation", "libpq option (PostgreSQL 17+)"),
            acted("postgresql.authentication.*.gssencmode", "libpq option"),
            acted("postgresql.authentication.*.channel_binding", "libpq option"),
            acted("postgresql.parameters"),
            acted("postgresql.pg_hba"),
            acted("postgresql.pg_ident"),
            acted("postgresql.pg_ctl_timeout"),
            acted("postgresql.use_pg_rewind"),
            acted("postgresql.remove_data_directory_on_rewind_failure"),
            acted("postgresql.remove_data_directory_on_diverged_timelines"),
            acted("postgresql.create_replica_methods", "a method with no_leader restores an empty node while no"
                    + " leader runs (the initialize key set, or tag nofailover)"),
            acted("postgresql.<replica_method>", "command, keep_data, no_params, no_leader; other keys are passed"
                    + " to the command"),
            acted("postgresql.basebackup"),
            acted("postgresql.recovery_conf"),
            acted("postgresql.custom_conf"),
            warned("postgresql.use_unix_socket", notFalse(), "jpatroni connects to PostgreSQL over TCP"),
            warned("postgresql.use_unix_socket_repl", notFalse(), "replication connections use TCP"),
            acted("postgresql.callbacks.on_start", "run as: script on_start role scope, asynchronously"),
            acted("postgresql.callbacks.on_stop"),
            acted("postgresql.callbacks.on_restart"),
            acted("postgresql.callbacks.on_reload"),
            acted("postgresql.callbacks.on_role_change", "roles as Patroni 3.0.2 passes them: master, replica"),
            acted("postgresql.pre_promote", "run before a promotion, without arguments; a non-zero exit vetoes it and"
                    + " releases the lock, as Patroni does"),
            acted("postgresql.before_stop", "run before every stop of a running PostgreSQL, without arguments, as"
                    + " Patroni does"),
            notApplicable("postgresql.use_slots", "Patroni too reads it only from the dynamic configuration"
                    + " (a warning says so)"),
            acted("postgresql.name", "the node's name when the top-level name is missing"),
            notApplicable("postgresql.scope", "Patroni's own copy of the top-level scope"),
            notApplicable("postgresql.retry_timeout", "Patroni's own copy of the dynamic retry_timeout"),
            warned("postgresql.superuser", set(), "this Patroni 1.x form is not read:"
                    + " write postgresql.authentication.superuser"),
            warned("postgresql.replication", set(), "this Patroni 1.x form is not read:"
                    + " write postgresql.authentication.replication"),
            warned("postgresql.pg_rewind", set(), "this Patroni 1.x form is not read:"
                    + " write postgresql.authentication.rewind and use_pg_rewind"),
            warned("postgresql.recovery_target", set(), "it is not read"),
            warned("postgresql.basebackup_fast_read", set(), "it is not read"),

            acted("watchdog.mode", "off, automatic, required (also auto, require, disable, disabled), as Patroni"),
            acted("watchdog.device", "the Linux watchdog device, or the testing driver's file"),
            acted("watchdog.safety_margin", "the timeout is ttl - safety_margin (-1: ttl / 2)"),
            acted("watchdog.driver", "default, testing, and jpatroni's fence (the fence process alone, no device)"),

            acted("tags.nofailover"),
            acted("tags.failover_priority"),
            acted("tags.noloadbalance"),
            acted("tags.clonefrom"),
            acted("tags.nosync", "a node with it is never chosen as a synchronous standby"),
            acted("tags.sync_priority", "Patroni 4: the higher, the sooner chosen as a synchronous standby;"
                    + " 0 never"),
            acted("tags.nostream", "Patroni 4: no streaming, WAL only through restore_command; no slot for it"),
            acted("tags.replicatefrom", "streams from the named member while it runs (which keeps the slot),"
                    + " else from the leader"),
            acted("tags.*", "custom tags are published in the member key"));

    /** Keys of the dynamic configuration: under {@code bootstrap.dcs}, and in the DCS {@code config} key. */
    private static final List<ConfigKey> DYNAMIC = List.of(
            acted("ttl"),
            acted("loop_wait"),
            acted("retry_timeout"),
            acted("maximum_lag_on_failover"),
            acted("maximum_lag_on_syncnode"),
            warned("max_timelines_history", isNot("0"), "the history key keeps every timeline"),
            acted("primary_start_timeout"),
            acted("master_start_timeout", "the Patroni 3.x name of primary_start_timeout"),
            warned("primary_stop_timeout", isNot("0"), "a slow stop of PostgreSQL is waited for, never killed"),
            warned("master_stop_timeout", isNot("0"), "a slow stop of PostgreSQL is waited for, never killed"),
            acted("synchronous_mode", "true, on, or quorum (Patroni 4's quorum commit)"),
            acted("synchronous_mode_strict"),
            acted("synchronous_node_count"),
            acted("failsafe_mode", "a primary that cannot reach the DCS stays primary while every member in the"
                    + " failsafe key confirms it over POST /failsafe"),
            acted("check_timeline"),
            acted("member_slots_ttl", "Patroni 4: a departed member's slot is kept that long after this node last"
                    + " saw it; jpatroni's default is 0 (dropped at once, as Patroni 3.0.2), Patroni 4's 30min"),
            warned("primary_race_backoff", set(), "replicas race for the leader lock without this back-off"),
            acted("pause"),
            acted("slots", "permanent physical and logical slots, kept on the primary and on every replica that may"
                    + " become primary (logical ones copied from the primary and advanced)"),
            acted("ignore_slots", "slots matching by name, type, database and plugin are never dropped"),
            acted("standby_cluster", "host, port, primary_slot_name, create_replica_methods, restore_command,"
                    + " archive_cleanup_command, recovery_min_apply_delay: the leader is a standby_leader following"
                    + " the remote host; removed, the standby leader is promoted"),
            acted("postgresql.use_pg_rewind"),
            acted("postgresql.use_slots"),
            acted("postgresql.parameters"),
            acted("postgresql.pg_hba"),
            acted("postgresql.pg_ident"),
            acted("postgresql.recovery_conf"),
            warned("postgresql.parameters_primary", set(), "only postgresql.parameters are applied"),
            warned("postgresql.parameters_replica", set(), "only postgresql.parameters are applied"),
            warned("postgresql.parameters_standby_leader", set(), "only postgresql.parameters are applied"),
            warned("postgresql.pg_hba_primary", set(), "only postgresql.pg_hba is written"),
            warned("postgresql.pg_hba_replica", set(), "only postgresql.pg_hba is written"),
            warned("postgresql.pg_hba_standby_leader", set(), "only postgresql.pg_hba is written"),
            warned("postgresql.pg_ident_primary", set(), "only postgresql.pg_ident is written"),
            warned("postgresql.pg_ident_replica", set(), "only postgresql.pg_ident is written"),
            warned("postgresql.pg_ident_standby_leader", set(), "only postgresql.pg_ident is written"));

    private static final List<ConfigKey> ALL = Stream.of(GENERAL, etcdSection("etcd3"), etcdSection("etcd"), ZOOKEEPER,
            NODE,
            DYNAMIC.stream().map(k -> k.in(ConfigKey.Scope.DYNAMIC)).toList()).flatMap(List::stream).toList();

    private ConfigKeys() {
    }

    /** Every key, in the order of the table. */
    public static List<ConfigKey> all() {
        return ALL;
    }

    /** The keys of one scope. */
    public static List<ConfigKey> of(ConfigKey.Scope scope) {
        return ALL.stream().filter(k -> k.scope() == scope).toList();
    }

    /** {@code etcd3} and the v2 {@code etcd} section (read the same way, served over the v3 API). */
    private static List<ConfigKey> etcdSection(String s) {
        return List.of(
                acted(s, "etcd".equals(s) ? "served over the v3 API, with a warning" : ""),
                acted(s + ".host"),
                acted(s + ".hosts", "a YAML list or a comma-separated string"),
                acted(s + ".url"),
                acted(s + ".protocol"),
                acted(s + ".username"),
                acted(s + ".password"),
                acted(s + ".cacert"),
                acted(s + ".cert"),
                acted(s + ".key"),
                notApplicable(s + ".use_proxies", "jpatroni always talks to the listed hosts, as Patroni does"
                        + " with use_proxies: true"),
                notApplicable(s + ".retry_timeout", "Patroni's own copy of the dynamic retry_timeout"),
                warned(s + ".proxy", set(), "jpatroni connects to the etcd hosts directly"),
                warned(s + ".srv", set(), "no SRV discovery: list the etcd hosts in " + s + ".hosts"),
                warned(s + ".srv_suffix", set(), "no SRV discovery: list the etcd hosts in " + s + ".hosts"),
                warned(s + ".key_password", set(), "the client key is read without a password"),
                warned(s + ".verify", set(), "it is not read"));
    }

    private static ConfigKey acted(String path) {
        return acted(path, "");
    }

    private static ConfigKey acted(String path, String note) {
        return row(path, KeyStatus.ACTED_ON, set(), note);
    }

    private static ConfigKey warned(String path, KeyTrigger when, String consequence) {
        return row(path, KeyStatus.NOT_ACTED_ON, when, consequence);
    }

    private static ConfigKey refused(String path, KeyTrigger when, String consequence) {
        return row(path, KeyStatus.REFUSED, when, consequence);
    }

    private static ConfigKey notApplicable(String path, String why) {
        return row(path, KeyStatus.NOT_APPLICABLE, set(), why);
    }

    private static ConfigKey row(String path, KeyStatus status, KeyTrigger when, String text) {
        return new ConfigKey(path, ConfigKey.Scope.LOCAL, status, when, text, Optional.empty());
    }
}
