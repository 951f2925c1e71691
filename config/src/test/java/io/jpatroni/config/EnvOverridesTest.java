package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.load;
import static io.jpatroni.config.Fixtures.paths;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** PATRONI_* variables override the file, with the names of Patroni's ENVIRONMENT docs. */
class EnvOverridesTest {

    @Test
    void globalNameScopeNamespace() {
        PatroniConfig config = load(MINIMAL, Map.of("PATRONI_NAME", "node9", "PATRONI_SCOPE", "other",
                "PATRONI_NAMESPACE", "/db")).config();

        assertThat(config.name()).isEqualTo("node9");
        assertThat(config.scope()).isEqualTo("other");
        assertThat(config.namespace()).isEqualTo("/db/");
    }

    @Test
    void logFamilyIncludingLegacyNamesAndTypedValues() {
        PatroniConfig config = load(MINIMAL, Map.of("PATRONI_LOGLEVEL", "debug", "PATRONI_LOG_DIR", "/var/log/x",
                "PATRONI_LOG_FILE_NUM", "7", "PATRONI_LOG_FILE_SIZE", "1000",
                "PATRONI_LOG_LOGGERS", "{urllib3: DEBUG}")).config();

        assertThat(config.log().level()).isEqualTo("DEBUG");
        assertThat(config.log().dir()).contains("/var/log/x");
        assertThat(config.log().fileNum()).isEqualTo(7);
        assertThat(config.log().fileSize()).isEqualTo(1000L);
        assertThat(config.log().loggers()).containsEntry("urllib3", "DEBUG");
    }

    @Test
    void badlyTypedEnvValueIsIgnoredWithAWarning() {
        LoadedConfig loaded = load(MINIMAL, Map.of("PATRONI_LOG_FILE_NUM", "many"));

        assertThat(paths(loaded.warnings())).containsExactly("PATRONI_LOG_FILE_NUM");
        assertThat(loaded.config().log().fileNum()).isEqualTo(4);
    }

    @Test
    void restapiFamily() {
        PatroniConfig config = load(MINIMAL, Map.of(
                "PATRONI_RESTAPI_LISTEN", "0.0.0.0:8009",
                "PATRONI_RESTAPI_CONNECT_ADDRESS", "10.0.0.1:8009",
                "PATRONI_RESTAPI_USERNAME", "admin",
                "PATRONI_RESTAPI_PASSWORD", "apisecret",
                "PATRONI_RESTAPI_CERTFILE", "/etc/cert.pem",
                "PATRONI_RESTAPI_KEYFILE_PASSWORD", "keysecret",
                "PATRONI_RESTAPI_VERIFY_CLIENT", "required",
                "PATRONI_RESTAPI_ALLOWLIST", "127.0.0.1, 10.0.0.0/8",
                "PATRONI_RESTAPI_ALLOWLIST_INCLUDE_MEMBERS", "true",
                "PATRONI_RESTAPI_REQUEST_QUEUE_SIZE", "10")).config();

        RestApiConfig api = config.restapi();
        assertThat(api.listen()).isEqualTo("0.0.0.0:8009");
        assertThat(api.connectAddress()).isEqualTo("10.0.0.1:8009");
        assertThat(api.authentication()).hasValueSatisfying(a -> {
            assertThat(a.username()).isEqualTo("admin");
            assertThat(a.password().reveal()).isEqualTo("apisecret");
        });
        assertThat(api.certfile()).contains("/etc/cert.pem");
        assertThat(api.keyfilePassword().map(Secret::reveal)).contains("keysecret");
        assertThat(api.verifyClient()).isEqualTo(RestApiConfig.VerifyClient.REQUIRED);
        assertThat(api.allowlist()).containsExactly("127.0.0.1", "10.0.0.0/8");
        assertThat(api.allowlistIncludeMembers()).isTrue();
        assertThat(api.requestQueueSize()).isEqualTo(10);
    }

    @Test
    void ctlFamily() {
        CtlConfig ctl = load(MINIMAL, Map.of("PATRONI_CTL_INSECURE", "true", "PATRONI_CTL_CACERT", "/ca.pem",
                "PATRONI_CTL_CERTFILE", "/c.pem", "PATRONI_CTL_KEYFILE", "/k.pem",
                "PATRONI_CTL_USERNAME", "u", "PATRONI_CTL_PASSWORD", "p")).config().ctl();

        assertThat(ctl.insecure()).isTrue();
        assertThat(ctl.cacert()).contains("/ca.pem");
        assertThat(ctl.certfile()).contains("/c.pem");
        assertThat(ctl.keyfile()).contains("/k.pem");
        assertThat(ctl.authentication()).hasValueSatisfying(a -> assertThat(a.username()).isEqualTo("u"));
    }

    @Test
    void postgresqlFamily() {
        PostgresqlConfig pg = load(MINIMAL, Map.of(
                "PATRONI_POSTGRESQL_LISTEN", "*:5433",
                "PATRONI_POSTGRESQL_CONNECT_ADDRESS", "10.0.0.1:5433",
                "PATRONI_POSTGRESQL_DATA_DIR", "/data",
                "PATRONI_POSTGRESQL_CONFIG_DIR", "/conf",
                "PATRONI_POSTGRESQL_BIN_DIR", Fixtures.GOOD_BIN_DIR,
                "PATRONI_POSTGRESQL_PGPASS", "/tmp/pgpass",
                "PATRONI_POSTGRESQL_BIN_PG_CTL", "pg_ctl15")).config().postgresql();

        assertThat(pg.listen()).isEqualTo("*:5433");
        assertThat(pg.connectAddress()).isEqualTo("10.0.0.1:5433");
        assertThat(pg.dataDir()).isEqualTo("/data");
        assertThat(pg.configDir()).contains("/conf");
        assertThat(pg.binDir()).contains(Fixtures.GOOD_BIN_DIR);
        assertThat(pg.pgpass()).contains("/tmp/pgpass");
        assertThat(pg.binName()).containsEntry("pg_ctl", "pg_ctl15");
    }

    @Test
    void superuserReplicationRewindFamilies() {
        PgAuthentication auth = load(MINIMAL, Map.of(
                "PATRONI_SUPERUSER_USERNAME", "root",
                "PATRONI_SUPERUSER_PASSWORD", "rootpw",
                "PATRONI_REPLICATION_USERNAME", "repl",
                "PATRONI_REPLICATION_SSLMODE", "verify-full",
                "PATRONI_REPLICATION_SSLPASSWORD", "sslpw",
                "PATRONI_REWIND_USERNAME", "rewinder",
                "PATRONI_REWIND_PASSWORD", "rewindpw")).config().postgresql().authentication();

        assertThat(auth.superuser()).hasValueSatisfying(u -> {
            assertThat(u.username()).isEqualTo("root");
            assertThat(u.password().map(Secret::reveal)).contains("rootpw");
        });
        assertThat(auth.replication()).hasValueSatisfying(u -> {
            assertThat(u.username()).isEqualTo("repl");
            assertThat(u.password().map(Secret::reveal)).as("file value kept").contains("replsecret");
            assertThat(u.options()).containsEntry("sslmode", "verify-full");
            assertThat(u.sslpassword().map(Secret::reveal)).contains("sslpw");
        });
        assertThat(auth.rewind()).hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("rewinder"));
    }

    @Test
    void bootstrapUsersFromPasswordAndOptions() {
        BootstrapConfig bootstrap = load(MINIMAL, Map.of("PATRONI_admin_PASSWORD", "adminpw",
                "PATRONI_admin_OPTIONS", "createrole,createdb")).config().bootstrap();

        assertThat(bootstrap.users()).containsOnlyKeys("admin");
        assertThat(bootstrap.users().get("admin").password().reveal()).isEqualTo("adminpw");
        assertThat(bootstrap.users().get("admin").options()).containsExactly("createrole", "createdb");
    }

    @Test
    void etcd3Family() {
        LoadedConfig loaded = load(MINIMAL, Map.of(
                "PATRONI_ETCD3_HOSTS", "'10.0.0.1:2379','10.0.0.2:2379'",
                "PATRONI_ETCD3_PROTOCOL", "https",
                "PATRONI_ETCD3_CACERT", "/ca.pem",
                "PATRONI_ETCD3_CERT", "/cert.pem",
                "PATRONI_ETCD3_KEY", "/key.pem",
                "PATRONI_ETCD3_USERNAME", "etcduser",
                "PATRONI_ETCD3_PASSWORD", "etcdpw"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().bootstrap().users()).as("not a bootstrap user named ETCD3").isEmpty();
        EtcdConfig etcd = loaded.config().etcd().orElseThrow();
        assertThat(etcd.hosts()).as("env wins over the file").containsExactly("10.0.0.1:2379", "10.0.0.2:2379");
        assertThat(etcd.endpoints()).containsExactly("https://10.0.0.1:2379", "https://10.0.0.2:2379");
        assertThat(etcd.cacert()).contains("/ca.pem");
        assertThat(etcd.cert()).contains("/cert.pem");
        assertThat(etcd.key()).contains("/key.pem");
        assertThat(etcd.username()).contains("etcduser");
        assertThat(etcd.password().map(Secret::reveal)).contains("etcdpw");
    }

    @Test
    void etcd3HostAndCommaSeparatedHosts() {
        String noDcs = MINIMAL.replace("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        assertThat(load(noDcs, Map.of("PATRONI_ETCD3_HOST", "h1:2379")).config().etcd().orElseThrow().hosts())
                .containsExactly("h1:2379");
        assertThat(load(noDcs, Map.of("PATRONI_ETCD3_HOSTS", "h1:2379,h2:2379")).config().etcd().orElseThrow()
                .hosts()).containsExactly("h1:2379", "h2:2379");
    }

    @Test
    void etcdV2EnvironmentIsUsedAsV3WithWarning() {
        String noDcs = MINIMAL.replace("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        LoadedConfig loaded = load(noDcs, Map.of("PATRONI_ETCD_HOSTS", "h1:2379"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(paths(loaded.warnings())).containsExactly("etcd");
        assertThat(loaded.config().etcd().orElseThrow().sourceSection()).isEqualTo("etcd");
    }

    @Test
    void envOnlyDcsWorksWithAFileWithoutAnyDcsSection() {
        String noDcs = MINIMAL.replace("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        assertThat(paths(load(noDcs).errors())).containsExactly("etcd3");

        LoadedConfig loaded = load(noDcs, Map.of("PATRONI_ETCD3_HOSTS", "127.0.0.1:2379"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().etcd().orElseThrow().hosts()).containsExactly("127.0.0.1:2379");
    }

    @Test
    void patroniConfigurationHoldsTheWholeYamlAndOtherVariablesAreNotRead() {
        LoadedConfig loaded = ConfigLoader.withFileChecks(Fixtures.FILES).fromEnvironment(Map.of(
                "PATRONI_CONFIGURATION", MINIMAL, "PATRONI_NAME", "ignored"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().name()).isEqualTo("node1");
        assertThat(loaded.config().scope()).isEqualTo("demo");
    }

    @Test
    void withoutAFileTheVariablesAloneDescribeTheNode() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("PATRONI_NAME", "n1"), Map.entry("PATRONI_SCOPE", "c1"),
                Map.entry("PATRONI_RESTAPI_LISTEN", "127.0.0.1:8008"),
                Map.entry("PATRONI_RESTAPI_CONNECT_ADDRESS", "127.0.0.1:8008"),
                Map.entry("PATRONI_ETCD3_HOSTS", "127.0.0.1:2379"),
                Map.entry("PATRONI_POSTGRESQL_LISTEN", "127.0.0.1:5432"),
                Map.entry("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "127.0.0.1:5432"),
                Map.entry("PATRONI_POSTGRESQL_DATA_DIR", "/data"),
                Map.entry("PATRONI_SUPERUSER_USERNAME", "postgres"),
                Map.entry("PATRONI_REPLICATION_USERNAME", "replicator"));

        LoadedConfig loaded = ConfigLoader.withFileChecks(Fixtures.FILES).fromEnvironment(env);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().name()).isEqualTo("n1");
    }

    @Test
    void envWinsOverTheFile() {
        LoadedConfig loaded = load(MINIMAL, Map.of("PATRONI_POSTGRESQL_DATA_DIR", "/from/env"));

        assertThat(loaded.config().postgresql().dataDir()).isEqualTo("/from/env");
        assertThat(loaded.config().raw()).extractingByKey("postgresql").asString().contains("/from/env");
    }

    @Test
    void legacyLogNamesAreReadOnlyWhenTheNewNameIsAbsent() {
        LogConfig log = load(MINIMAL, Map.of("PATRONI_LOGFORMAT", "%(message)s", "PATRONI_LOG_DATEFMT", "%H",
                "PATRONI_LOGLEVEL", "debug", "PATRONI_LOG_LEVEL", "warning")).config().log();

        assertThat(log.format()).contains("%(message)s");
        assertThat(log.dateformat()).contains("%H");
        assertThat(log.level()).as("PATRONI_LOG_LEVEL wins over PATRONI_LOGLEVEL").isEqualTo("WARNING");
    }

    @Test
    void citusVariablesAreGroupAndDatabaseOnlyAndCitusIsRefused() {
        LoadedConfig loaded = load(MINIMAL, Map.of("PATRONI_CITUS_GROUP", "1", "PATRONI_CITUS_DATABASE", "citus",
                "PATRONI_CITUS_HOST", "h:1"));

        assertThat(loaded.config().raw()).extractingByKey("citus").isEqualTo(Map.of("group", 1L,
                "database", "citus"));
        assertThat(paths(loaded.warnings())).containsExactly("PATRONI_CITUS_HOST");
        assertThat(paths(loaded.errors())).containsExactly("citus");
        assertThat(loaded.config().bootstrap().users()).isEmpty();
    }

    @Test
    void otherDcsVariablesMakeTheirSectionWhichIsRefusedByName() {
        String noDcs = MINIMAL.replace("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        for (var dcs : Map.of("PATRONI_CONSUL_HOST", "consul", "PATRONI_KUBERNETES_LABELS", "kubernetes", "PATRONI_RAFT_PARTNER_ADDRS", "raft",
                "PATRONI_EXHIBITOR_HOSTS", "exhibitor").entrySet()) {
            String value = dcs.getKey().endsWith("LABELS") ? "{application: patroni}" : "'h1:1','h2:2'";
            LoadedConfig loaded = load(noDcs, Map.of(dcs.getKey(), value));

            assertThat(paths(loaded.errors())).as(dcs.getKey()).containsExactly(dcs.getValue());
            assertThat(loaded.config().bootstrap().users()).isEmpty();
        }
    }

    @Test
    void zookeeperVariablesMakeTheDcsAsPatroniParsesThem() {
        String noDcs = MINIMAL.replace("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        LoadedConfig loaded = load(noDcs, Map.of("PATRONI_ZOOKEEPER_HOSTS", "'z1:2181','z2:2182'",
                "PATRONI_ZOOKEEPER_USE_SSL", "off", "PATRONI_ZOOKEEPER_VERIFY", "false",
                "PATRONI_ZOOKEEPER_CACERT", "/etc/zk/ca.pem", "PATRONI_ZOOKEEPER_KEY_PASSWORD", "keysecret"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        ZooKeeperConfig zk = loaded.config().zookeeper().orElseThrow();
        assertThat(zk.hosts()).containsExactly("z1:2181", "z2:2182");
        assertThat(zk.useSsl()).isFalse();
        assertThat(zk.verify()).isFalse();
        assertThat(zk.cacert()).contains("/etc/zk/ca.pem");
        assertThat(zk.keyPassword().map(Secret::reveal)).contains("keysecret");

        LoadedConfig acls = load(noDcs, Map.of("PATRONI_ZOOKEEPER_HOSTS", "z1:2181",
                "PATRONI_ZOOKEEPER_SET_ACLS", "{CN=principal1: [ALL]}", "PATRONI_ZOOKEEPER_USE_SSL", "true"));
        assertThat(acls.config().zookeeper().orElseThrow().setAcls()).containsEntry("CN=principal1",
                java.util.List.of("ALL"));
        assertThat(paths(acls.errors())).containsExactlyInAnyOrder("zookeeper.use_ssl", "zookeeper.set_acls");
    }

    @Test
    void listAndMappingValuesAreParsedAsPatroniParsesThem() {
        Map<String, Object> raw = load(MINIMAL, Map.of("PATRONI_RAFT_PARTNER_ADDRS", "'10.0.0.1:5010','10.0.0.2:5010'",
                "PATRONI_ZOOKEEPER_HOSTS", "[h1:2181, h2:2181]", "PATRONI_KUBERNETES_LABELS", "app: pg",
                "PATRONI_CONSUL_PORT", "8500", "PATRONI_CONSUL_REGISTER_SERVICE", "on")).config().raw();

        assertThat(raw).extractingByKey("raft").isEqualTo(Map.of("partner_addrs", java.util.List.of(
                "10.0.0.1:5010", "10.0.0.2:5010")));
        assertThat(raw).extractingByKey("zookeeper").isEqualTo(Map.of("hosts", java.util.List.of("h1:2181",
                "h2:2181")));
        assertThat(raw).extractingByKey("kubernetes").isEqualTo(Map.of("labels", Map.of("app", "pg")));
        assertThat(raw).extractingByKey("consul").isEqualTo(Map.of("port", 8500L, "register_service", true));
    }

    @Test
    void theVariablesOverrideTheFileSectionBySectionAndKeyByKey() {
        PatroniConfig config = load(MINIMAL + """
                tags:
                  zone: a
                """, Map.of("PATRONI_RESTAPI_LISTEN", "127.0.0.1:9009", "PATRONI_REPLICATION_PASSWORD", "fromenv"))
                .config();

        assertThat(config.restapi().listen()).isEqualTo("127.0.0.1:9009");
        assertThat(config.restapi().connectAddress()).as("the file's other keys stay").isEqualTo("127.0.0.1:8008");
        assertThat(config.postgresql().authentication().replication().orElseThrow().username())
                .isEqualTo("replicator");
        assertThat(config.postgresql().authentication().replication().orElseThrow().password()
                .map(Secret::reveal)).contains("fromenv");
        assertThat(config.tags().custom()).containsEntry("zone", "a");
    }

    @Test
    void etcd3HostAndPortVariablesAndHowTheyMeetTheFile() {
        String noDcs = MINIMAL.replace("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        assertThat(load(noDcs, Map.of("PATRONI_ETCD3_HOST", "etcd", "PATRONI_ETCD3_PORT", "2380")).config().etcd()
                .orElseThrow().hosts()).containsExactly("etcd:2380");
        assertThat(load(noDcs + "etcd3:\n  host: 127.0.0.1:1\n", Map.of("PATRONI_ETCD3_HOST", "etcd:2379"))
                .config().etcd().orElseThrow().hosts()).as("the same key: the variable wins").containsExactly(
                "etcd:2379");

        LoadedConfig fileHosts = load(MINIMAL, Map.of("PATRONI_ETCD3_HOST", "etcd:2379"));
        assertThat(fileHosts.config().etcd().orElseThrow().hosts()).as("hosts wins over host, as in Patroni")
                .containsExactly("127.0.0.1:2379");
        assertThat(Fixtures.rendered(fileHosts.warnings()))
                .containsExactly("etcd3.host: ignored: etcd3.hosts is used, as Patroni does");
    }
}
