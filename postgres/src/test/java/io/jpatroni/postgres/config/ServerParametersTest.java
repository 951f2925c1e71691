package io.jpatroni.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.param.Adjustment;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import io.jpatroni.postgres.param.ParameterTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What postgresql.conf gets for a configured parameter in each major version from 9.6 to 17. */
class ServerParametersTest {
    private static final List<String> VERSIONS = List.of("9.6", "10", "11", "12", "13", "14", "15", "16", "17");

    private static PostgresSettings settings(Map<String, String> parameters) {
        return PostgresSettings.builder("node1", "demo", Path.of("/pg/data"), Path.of("/pg/bin"))
                .listen("127.0.0.1", 5432).parameters(parameters).build();
    }

    private static ResolvedParameters resolve(String version, Map<String, String> parameters) {
        return ServerParameters.resolve(settings(parameters), ParameterCheck.of(MajorVersion.parse(version)));
    }

    /**
     * One parameter, its configured value, then for 9.6 10 11 12 13 14 15 16 17 what is written: "=" the value as
     * configured, "-" nothing (dropped with a warning), else the value written instead.
     */
    static Stream<Arguments> perVersion() {
        return Stream.of(
                row("stats_temp_directory", "/run/pg_stat", "= = = = = = - - -"),
                row("vacuum_defer_cleanup_age", "1000", "= = = = = = = - -"),
                row("force_parallel_mode", "off", "= = = = = = = - -"),
                row("debug_parallel_query", "off", "- - - - - - - = ="),
                row("old_snapshot_threshold", "-1", "= = = = = = = = -"),
                row("default_with_oids", "off", "= = = - - - - - -"),
                row("operator_precedence_warning", "off", "= = = = = - - - -"),
                row("replacement_sort_tuples", "150000", "= = - - - - - - -"),
                row("min_parallel_relation_size", "8MB", "= - - - - - - - -"),
                row("min_parallel_table_scan_size", "8MB", "- = = = = = = = ="),
                row("jit", "off", "- - = = = = = = ="),
                row("shared_memory_type", "mmap", "- - - = = = = = ="),
                row("hash_mem_multiplier", "2", "- - - - = = = = ="),
                row("idle_session_timeout", "1h", "- - - - - = = = ="),
                row("archive_library", "basic_archive", "- - - - - - = = ="),
                row("reserved_connections", "3", "- - - - - - - = ="),
                row("transaction_timeout", "10min", "- - - - - - - - ="),
                row("wal_compression", "on", "= = = = = = = = ="),
                row("wal_compression", "zstd", "- - - - - - = = ="),
                row("password_encryption", "on", "= = = = = - - - -"),
                row("password_encryption", "scram-sha-256", "- = = = = = = = ="),
                row("autovacuum_vacuum_cost_delay", "200", "100 100 100 100 100 100 100 100 100"),
                row("bgwriter_lru_maxpages", "5000", "1000 = = = = = = = ="),
                row("huge_pages", "maybe", "- - - - - - - - -"),
                row("huge_pages", "TRY", "= = = = = = = = ="),
                row("synchronous_commit", "true", "= = = = = = = = ="),
                row("work_mem", "10", "64 64 64 64 64 64 64 64 64"),
                row("work_mem", "128MB", "= = = = = = = = ="),
                row("shared_buffers", "512mb", "- - - - - - - - -"),
                row("checkpoint_timeout", "100d", "86400 86400 86400 86400 86400 86400 86400 86400 86400"),
                row("block_size", "8192", "- - - - - - - - -"),
                row("lc_collate", "C", "- - - - - - - - -"),
                row("no_such_parameter", "1", "- - - - - - - - -"),
                row("pg_stat_statements.max", "10000", "= = = = = = = = ="),
                row("hot_standby_feedback", "True", "= = = = = = = = ="),
                row("hot_standby_feedback", "maybe", "- - - - - - - - -"));
    }

    private static Arguments row(String name, String value, String perVersion) {
        return Arguments.of(name, value, List.of(perVersion.split(" ")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("perVersion")
    void parameterIsWrittenConvertedOrDroppedPerVersion(String name, String value, List<String> expected) {
        for (int i = 0; i < VERSIONS.size(); i++) {
            String version = VERSIONS.get(i);
            ResolvedParameters r = resolve(version, Map.of(name, value));
            String want = expected.get(i).equals("=") ? value : expected.get(i);
            if (want.equals("-")) {
                assertThat(r.conf()).as("PostgreSQL %s", version).doesNotContainKey(name);
                assertThat(r.adjustments()).as("PostgreSQL %s", version)
                        .anySatisfy(a -> assertThat(a.name()).isEqualTo(name));
            } else {
                assertThat(r.conf()).as("PostgreSQL %s", version).containsEntry(name, want);
            }
        }
    }

    /** Configured parameters, a version, and what postgresql.conf must (or, with "-", must not) hold. */
    static Stream<Arguments> conversions() {
        return Stream.of(
                conv("wal_keep_segments=130", "15", "wal_keep_size=2080MB wal_keep_segments=-"),
                conv("wal_keep_segments=130", "13", "wal_keep_size=2080MB wal_keep_segments=-"),
                conv("wal_keep_segments=130", "12", "wal_keep_segments=130 wal_keep_size=-"),
                conv("wal_keep_segments=130", "9.6", "wal_keep_segments=130 wal_keep_size=-"),
                conv("wal_keep_size=1GB", "12", "wal_keep_segments=64 wal_keep_size=-"),
                conv("wal_keep_size=100", "11", "wal_keep_segments=6 wal_keep_size=-"),
                conv("wal_keep_size=1GB", "13", "wal_keep_size=1GB wal_keep_segments=-"),
                conv("wal_keep_size=1GB wal_keep_segments=130", "15", "wal_keep_size=1GB wal_keep_segments=-"),
                conv("wal_keep_size=1GB wal_keep_segments=130", "12", "wal_keep_segments=130 wal_keep_size=-"),
                conv("max_connections=100", "15", "wal_keep_size=128MB"),
                conv("max_connections=100", "12", "wal_keep_segments=8"),
                conv("wal_level=hot_standby", "10", "wal_level=replica"),
                conv("wal_level=archive", "15", "wal_level=replica"),
                conv("wal_level=logical", "15", "wal_level=logical"),
                conv("restore_command=cp_it", "15", "restore_command=-"),
                conv("data_directory=/elsewhere config_file=/x.conf", "15", "data_directory=- config_file=-"),
                conv("hba_file=my_hba.conf", "15", "hba_file=/pg/data/my_hba.conf"),
                conv("ident_file=/etc/ident.conf", "15", "ident_file=/etc/ident.conf"),
                conv("MAX_CONNECTIONS=200 datestyle=iso", "15", "max_connections=200 MAX_CONNECTIONS=- DateStyle=iso"),
                conv("cluster_name=other port=1 listen_addresses=*", "15",
                        "cluster_name=demo port=5432 listen_addresses=127.0.0.1"));
    }

    private static Arguments conv(String parameters, String version, String expected) {
        return Arguments.of(pairs(parameters), version, pairs(expected));
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : text.split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("conversions")
    void renamedParametersAreConvertedForTheVersion(Map<String, String> parameters, String version,
                                                     Map<String, String> expected) {
        Map<String, String> conf = resolve(version, parameters).conf();
        expected.forEach((name, value) -> {
            if (value.equals("-")) {
                assertThat(conf).doesNotContainKey(name);
            } else {
                assertThat(conf).containsEntry(name, value);
            }
        });
    }

    @Test
    void seed004ParameterBlockOnPostgres15LosesOnlyWhatPostgres15Refuses() {
        Map<String, String> seed = new LinkedHashMap<>();
        seed.put("max_connections", "2000");
        seed.put("wal_keep_segments", "130");
        seed.put("hot_standby_feedback", "True");
        seed.put("shared_preload_libraries", "pg_stat_statements,auto_explain");
        seed.put("pg_stat_statements.track", "all");
        seed.put("autovacuum_vacuum_cost_delay", "20");
        seed.put("checkpoint_completion_target", "0.9");
        seed.put("log_filename", "postgresql-%a.log");
        ResolvedParameters r = resolve("15", seed);
        assertThat(r.conf()).containsEntry("wal_keep_size", "2080MB").doesNotContainKey("wal_keep_segments")
                .containsEntry("shared_preload_libraries", "pg_stat_statements,auto_explain")
                .containsEntry("hot_standby_feedback", "True").containsEntry("pg_stat_statements.track", "all");
        assertThat(r.adjustments()).extracting(Adjustment::message).containsExactly(
                "PostgreSQL parameter wal_keep_segments = '130' is written as wal_keep_size = '2080MB': PostgreSQL 13"
                        + " replaced it with wal_keep_size (16 MB segments)");
        assertThat(r.adjustments()).noneMatch(Adjustment::warning);
    }

    @Test
    void droppedParameterNamesTheVersionsThatHaveIt() {
        assertThat(resolve("15", Map.of("stats_temp_directory", "/run/x")).adjustments())
                .extracting(Adjustment::message).containsExactly("PostgreSQL parameter stats_temp_directory = '/run/x'"
                        + " is not written: PostgreSQL 15 has no such parameter (removed in 15)");
        assertThat(resolve("14", Map.of("archive_library", "x")).adjustments())
                .extracting(Adjustment::message).containsExactly("PostgreSQL parameter archive_library = 'x' is not"
                        + " written: PostgreSQL 14 has no such parameter (added in 15)");
        assertThat(resolve("15", Map.of("huge_pages", "maybe")).adjustments()).singleElement()
                .satisfies(a -> assertThat(a.warning()).isTrue())
                .extracting(Adjustment::message).asString().contains("'maybe' is not one of off, on, try");
    }

    @Test
    void theInstalledBinaryVouchesForParametersTheTableDoesNotKnow() {
        ParameterCheck withBinary = new ParameterCheck(ParameterTable.builtIn(), MajorVersion.parse("18"),
                Set.of("io_method"));
        ResolvedParameters r = ServerParameters.resolve(settings(Map.of("io_method", "worker", "nonsense", "1")),
                withBinary);
        assertThat(r.conf()).containsEntry("io_method", "worker").doesNotContainKey("nonsense");
    }

    @Test
    void recoveryParametersAmongTheParametersReplaceRecoveryConf() {
        PostgresSettings s = settings(Map.of("restore_command", "cp /a/%f %p", "trigger_file", "/tmp/t"))
                .toBuilder().recoveryParams(Map.of("archive_cleanup_command", "x")).build();
        ResolvedParameters r = ServerParameters.resolve(s, ParameterCheck.of(MajorVersion.parse("15")));
        assertThat(r.recovery()).containsExactlyInAnyOrderEntriesOf(Map.of("restore_command", "cp /a/%f %p",
                "promote_trigger_file", "/tmp/t"));
        ResolvedParameters old = ServerParameters.resolve(settings(Map.of()).toBuilder()
                .recoveryParams(Map.of("promote_trigger_file", "/tmp/t")).build(),
                ParameterCheck.of(MajorVersion.parse("11")));
        assertThat(old.recovery()).containsExactly(Map.entry("trigger_file", "/tmp/t"));
    }

    @Test
    void everyVersionKeepsPatronisCommandLineDefaults() {
        for (String v : VERSIONS) {
            List<String> args = ServerParameters.commandLine(resolve(v, Map.of()).conf());
            List<String> names = new ArrayList<>();
            args.forEach(a -> names.add(a.substring(2, a.indexOf('='))));
            assertThat(names).as("PostgreSQL %s", v).containsExactlyElementsOf(
                    ServerParameters.COMMAND_LINE_DEFAULTS.keySet());
        }
    }
}
