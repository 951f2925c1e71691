package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.loadResource;
import static io.jpatroni.config.Fixtures.paths;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The real users' configurations from the seed set load, with exactly the expected problems. */
class SeedConfigsTest {

    @Test
    void seed002_bareEtcd3ListIsReadAsHostsWithOneWarning() {
        LoadedConfig loaded = loadResource("seed002-node1.yml");

        assertThat(loaded.errors()).isEmpty();
        assertThat(paths(loaded.warnings())).containsExactly("etcd3");
        assertThat(loaded.warnings().get(0).message()).contains("bare list of hosts");
        PatroniConfig config = loaded.config();
        assertThat(config.etcd()).hasValueSatisfying(etcd -> {
            assertThat(etcd.hosts()).containsExactly("192.168.0.30:2379", "192.168.0.31:2379", "192.168.0.32:2379");
            assertThat(etcd.sourceSection()).isEqualTo("etcd3");
        });
        assertThat(config.restapi().authentication()).hasValueSatisfying(auth -> {
            assertThat(auth.username()).isEqualTo("api_user");
            assertThat(auth.password().reveal()).isEqualTo("api_password");
        });
        assertThat(config.bootstrap().initdb()).extracting(CommandOption::toArgument)
                .containsExactly("--encoding=UTF8", "--data-checksums");
        assertThat(config.bootstrap().pgHba()).hasSize(2);
    }

    @Test
    void seed003_runsOnZooKeeperInSynchronousMode() {
        LoadedConfig loaded = loadResource("seed003-postgres0.yml");

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        PatroniConfig config = loaded.config();
        assertThat(config.zookeeper().orElseThrow().hosts()).containsExactly("zoo:2181");
        assertThat(config.etcd()).isEmpty();
        assertThat(config.watchdog().mode()).isEqualTo(WatchdogConfig.Mode.OFF);
        DynamicConfig dcs = config.bootstrap().dcs();
        assertThat(dcs.synchronousMode()).isEqualTo(SynchronousMode.ON);
        assertThat(dcs.primaryStartTimeout()).isEqualTo(300);
        assertThat(dcs.maximumLagOnFailover()).isEqualTo(10_485_760L);
        assertThat(config.postgresql().parameters()).containsEntry("unix_socket_directories", ".");
    }

    @Test
    void seed004_synchronousModeStrictAndFailsafeAreActedOn_etcdV2SectionAndDuplicateKeyAreWarnings() {
        LoadedConfig loaded = loadResource("seed004-patroni1.yml");

        assertThat(loaded.errors()).isEmpty();
        assertThat(paths(loaded.warnings())).containsExactlyInAnyOrder("bootstrap.dcs.master_start_timeout", "etcd",
                "postgresql.use_unix_socket");
        PatroniConfig config = loaded.config();
        assertThat(config.etcd()).hasValueSatisfying(etcd -> {
            assertThat(etcd.hosts()).containsExactly("192.168.1.106:2379", "192.168.1.109:2379",
                    "192.168.1.110:2379");
            assertThat(etcd.sourceSection()).isEqualTo("etcd");
        });
        DynamicConfig dcs = config.bootstrap().dcs();
        assertThat(dcs.primaryStartTimeout()).as("the last duplicate wins").isEqualTo(30);
        assertThat(dcs.failsafeMode()).isTrue();
        assertThat(dcs.synchronousModeStrict()).isTrue();
        assertThat(dcs.postgresql().parameters()).hasSizeGreaterThan(60);
        assertThat(config.log().dir()).contains("/var/log/patroni");
        assertThat(config.log().fileNum()).isEqualTo(10);
        assertThat(config.postgresql().configDir()).contains("/etc/postgresql/15/main");
        assertThat(config.postgresql().createReplicaMethods()).containsExactly("basebackup");
        assertThat(config.postgresql().basebackup()).extracting(CommandOption::toArgument)
                .containsExactly("--max-rate=100M", "--checkpoint=fast");
        assertThat(config.watchdog().safetyMargin()).isEqualTo(5);
    }

    @Test
    void referenceNode1_isClean() {
        LoadedConfig loaded = loadResource("reference-node1.yml");

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        PatroniConfig config = loaded.config();
        assertThat(config.clusterPrefix()).isEqualTo("/service/demo/");
        assertThat(config.postgresql().authentication().rewind()).hasValueSatisfying(
                u -> assertThat(u.username()).isEqualTo("rewind_user"));
        assertThat(config.tags().published()).containsExactly(java.util.Map.entry("zone", "a"));
        assertThat(config.bootstrap().initdb()).extracting(CommandOption::toArgument)
                .containsExactly("--encoding=UTF8", "--data-checksums", "--auth-local=trust", "--auth-host=md5");
    }
}
