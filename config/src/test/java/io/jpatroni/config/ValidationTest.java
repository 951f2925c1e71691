package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.load;
import static io.jpatroni.config.Fixtures.paths;
import static io.jpatroni.config.Fixtures.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every error and warning the validation produces, one named test each. */
class ValidationTest {

    private static LoadedConfig minimalWith(String from, String to) {
        assertThat(MINIMAL).contains(from);
        return load(MINIMAL.replace(from, to));
    }

    private static LoadedConfig minimalPlus(String yaml) {
        return load(MINIMAL + yaml);
    }

    @Test
    void minimalConfigIsClean() {
        LoadedConfig loaded = load(MINIMAL);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.isValid()).isTrue();
    }

    @Test
    void emptyFileReportsEveryRequiredKeyAtOnce() {
        LoadedConfig loaded = load("");
        assertThat(paths(loaded.errors())).containsExactlyInAnyOrder("etcd3", "scope", "name", "restapi.listen",
                "restapi.connect_address", "postgresql.listen", "postgresql.connect_address",
                "postgresql.data_dir", "postgresql.authentication.superuser.username",
                "postgresql.authentication.replication.username");
        assertThat(rendered(loaded.errors())).contains("name: must be set");
    }

    @Test
    void missingName() {
        assertThat(rendered(minimalWith("name: node1\n", "").errors())).containsExactly("name: must be set");
    }

    @Test
    void nameFallsBackToPostgresqlName() {
        LoadedConfig loaded = load(MINIMAL.replace("name: node1\n", "")
                .replace("postgresql:\n", "postgresql:\n  name: pgname\n"));
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().name()).isEqualTo("pgname");
    }

    @Test
    void missingScope() {
        assertThat(rendered(minimalWith("scope: demo\n", "").errors())).containsExactly("scope: must be set");
    }

    @Test
    void missingDcs() {
        LoadedConfig loaded = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n", "");
        assertThat(paths(loaded.errors())).containsExactly("etcd3");
        assertThat(loaded.errors().get(0).message()).contains("PATRONI_ETCD3_HOSTS");
    }

    @Test
    void zookeeperIsTheDcsWhenNoEtcdSectionIsGiven() {
        LoadedConfig loaded = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n",
                "zookeeper:\n  hosts: [z1:2181, 'z2:2182', z3]\n");
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        ZooKeeperConfig zk = loaded.config().zookeeper().orElseThrow();
        assertThat(zk.hosts()).as("kazoo's default port").containsExactly("z1:2181", "z2:2182", "z3:2181");
        assertThat(zk.useSsl()).isFalse();
        assertThat(zk.verify()).isTrue();
        assertThat(loaded.config().etcd()).isEmpty();
        assertThat(loaded.config().unsupportedDcsSections()).isEmpty();
    }

    @Test
    void zookeeperHostsMayBeACommaSeparatedString() {
        LoadedConfig loaded = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n",
                "zookeeper:\n  hosts: 'z1:2181, z2:2181'\n");
        assertThat(loaded.config().zookeeper().orElseThrow().hosts()).containsExactly("z1:2181", "z2:2181");
    }

    @Test
    void zookeeperNextToEtcdIsIgnoredAsPatroniIgnoresIt() {
        LoadedConfig loaded = minimalPlus("zookeeper:\n  hosts: [z:2181]\n");
        assertThat(loaded.errors()).isEmpty();
        assertThat(rendered(loaded.warnings())).containsExactly("zookeeper: ignored: the etcd3 section is used,"
                + " as Patroni does");
        assertThat(loaded.config().zookeeper()).isEmpty();
        assertThat(loaded.config().etcd()).isPresent();
    }

    @Test
    void zookeeperWithoutUsableHosts() {
        LoadedConfig none = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n", "zookeeper:\n  use_ssl: false\n");
        assertThat(rendered(none.errors())).containsExactly("zookeeper.hosts: must be set: no ZooKeeper host is"
                + " given");
        LoadedConfig bad = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n", "zookeeper:\n  hosts: ['z:x']\n");
        assertThat(rendered(bad.errors())).containsExactly("zookeeper.hosts: \"z:x\" is not host:port");
    }

    @Test
    void zookeeperTlsIsRefusedAndItsFilesAreIgnoredWithoutIt() {
        String tlsFiles = "  cacert: /etc/zk/ca.pem\n  cert: /etc/zk/c.pem\n  key: /etc/zk/c.key\n"
                + "  key_password: keysecret\n  verify: false\n";
        LoadedConfig plain = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n",
                "zookeeper:\n  hosts: [z:2181]\n  use_ssl: false\n" + tlsFiles);
        assertThat(plain.errors()).isEmpty();
        assertThat(plain.warnings()).isEmpty();
        assertThat(plain.config().zookeeper().orElseThrow().keyPassword().orElseThrow().reveal())
                .isEqualTo("keysecret");
        assertThat(plain.config().toString()).doesNotContain("keysecret");

        LoadedConfig tls = minimalWith("etcd3:\n  hosts: 127.0.0.1:2379\n",
                "zookeeper:\n  hosts: [z:2181]\n  use_ssl: true\n" + tlsFiles
                        + "  set_acls: {CN=principal1: [CREATE, READ]}\n");
        assertThat(paths(tls.errors())).containsExactly("zookeeper.use_ssl", "zookeeper.set_acls");
        assertThat(tls.config().zookeeper().orElseThrow().setAcls())
                .containsEntry("CN=principal1", java.util.List.of("CREATE", "READ"));
    }

    @Test
    void consulKubernetesRaftExhibitorAreUnsupported() {
        LoadedConfig loaded = minimalPlus("consul: {host: c:8500}\nkubernetes: {labels: {}}\nraft: {}\n"
                + "exhibitor: {hosts: [a], port: 8181}\n");
        assertThat(paths(loaded.errors())).containsExactly("consul", "kubernetes", "raft", "exhibitor");
        assertThat(loaded.config().etcd()).as("etcd3 still read").isPresent();
        assertThat(loaded.config().unsupportedDcsSections()).containsExactly("consul", "kubernetes", "raft",
                "exhibitor");
    }

    @Test
    void etcdAlongsideEtcd3IsIgnoredWithWarning() {
        LoadedConfig loaded = minimalPlus("etcd:\n  hosts: x:2379\n");
        assertThat(paths(loaded.warnings())).containsExactly("etcd");
        assertThat(loaded.config().etcd().orElseThrow().hosts()).containsExactly("127.0.0.1:2379");
    }

    @Test
    void etcdHostNotHostPort() {
        assertThat(rendered(minimalWith("hosts: 127.0.0.1:2379", "hosts: [\"127.0.0.1:port\"]").errors()))
                .containsExactly("etcd3.hosts: \"127.0.0.1:port\" is not host:port");
        assertThat(rendered(minimalWith("hosts: 127.0.0.1:2379", "host: 127.0.0.1:99999").errors()))
                .containsExactly("etcd3.hosts: \"127.0.0.1:99999\" is not host:port");
    }

    @Test
    void etcdHostWithoutAPortGetsThePortKeyElse2379AsInPatroni() {
        assertThat(minimalWith("hosts: 127.0.0.1:2379", "hosts: [a, b:2380]").config().etcd().orElseThrow()
                .hosts()).containsExactly("a:2379", "b:2380");
        assertThat(minimalWith("hosts: 127.0.0.1:2379", "hosts: a,b\n  port: 2381").config().etcd().orElseThrow()
                .hosts()).containsExactly("a:2381", "b:2381");
        assertThat(minimalWith("hosts: 127.0.0.1:2379", "host: a").config().etcd().orElseThrow().hosts())
                .containsExactly("a:2379");
        assertThat(minimalWith("hosts: 127.0.0.1:2379", "host: a:2380\n  port: 2382").config().etcd()
                .orElseThrow().hosts()).as("Patroni: the port key wins over the host's").containsExactly("a:2382");
        LoadedConfig url = minimalWith("hosts: 127.0.0.1:2379", "url: http://etcd.local");
        assertThat(url.errors()).isEmpty();
        assertThat(url.config().etcd().orElseThrow().endpoints()).containsExactly("http://etcd.local:2379");
    }

    @Test
    void etcdEndpointsComeFromUrlElseHostsElseHostAndTheUnusedOnesAreNamed() {
        LoadedConfig urlFirst = minimalWith("hosts: 127.0.0.1:2379",
                "url: http://u:2379\n  hosts: [h:2379]\n  host: s:2379");
        assertThat(urlFirst.config().etcd().orElseThrow().hosts()).containsExactly("u:2379");
        assertThat(rendered(urlFirst.warnings())).containsExactly(
                "etcd3.hosts: ignored: etcd3.url is used, as Patroni does",
                "etcd3.host: ignored: etcd3.url is used, as Patroni does");

        LoadedConfig hostsFirst = minimalWith("hosts: 127.0.0.1:2379", "hosts: [h:2379]\n  host: s:2379");
        assertThat(hostsFirst.config().etcd().orElseThrow().hosts()).containsExactly("h:2379");
        assertThat(rendered(hostsFirst.warnings())).containsExactly(
                "etcd3.host: ignored: etcd3.hosts is used, as Patroni does");
    }

    @Test
    void etcdNoHostsAtAll() {
        assertThat(rendered(minimalWith("hosts: 127.0.0.1:2379", "protocol: http").errors()))
                .containsExactly("etcd3.hosts: must be set: no etcd host is given");
    }

    @Test
    void etcdProtocolInvalid() {
        assertThat(rendered(minimalWith("hosts: 127.0.0.1:2379", "hosts: 127.0.0.1:2379\n  protocol: ftp").errors()))
                .containsExactly("etcd3.protocol: \"ftp\" is not one of http, https");
    }

    @Test
    void etcdUrlIsAccepted() {
        LoadedConfig loaded = minimalWith("hosts: 127.0.0.1:2379", "url: https://u:pw@etcd.local:2379");
        assertThat(loaded.errors()).isEmpty();
        EtcdConfig etcd = loaded.config().etcd().orElseThrow();
        assertThat(etcd.endpoints()).containsExactly("https://etcd.local:2379");
        assertThat(etcd.username()).contains("u");
    }

    @Test
    void etcdUrlInvalid() {
        assertThat(rendered(minimalWith("hosts: 127.0.0.1:2379", "url: etcd.local").errors()))
                .containsExactly("etcd3.url: is not an http(s)://host[:port] URL");
    }

    @Test
    void etcdProxyIsIgnoredWithWarning() {
        LoadedConfig loaded = minimalWith("hosts: 127.0.0.1:2379", "hosts: 127.0.0.1:2379\n  proxy: http://p:1");
        assertThat(paths(loaded.warnings())).containsExactly("etcd3.proxy");
        assertThat(loaded.errors()).isEmpty();
    }

    @Test
    void etcdSrvIsNotSupported() {
        LoadedConfig loaded = minimalWith("hosts: 127.0.0.1:2379", "srv: example.com");
        assertThat(paths(loaded.warnings())).containsExactly("etcd3.srv");
        assertThat(loaded.warnings().get(0).message()).contains("not supported");
        assertThat(paths(loaded.errors())).containsExactly("etcd3.hosts");
    }

    @Test
    void restapiListenNotHostPort() {
        assertThat(rendered(minimalWith("listen: 127.0.0.1:8008", "listen: abc").errors()))
                .containsExactly("restapi.listen: \"abc\" is not host:port");
    }

    @Test
    void restapiConnectAddressMissing() {
        assertThat(rendered(minimalWith("  connect_address: 127.0.0.1:8008\n", "").errors()))
                .containsExactly("restapi.connect_address: must be set");
    }

    @Test
    void connectAddressMustNotBeAWildcard() {
        assertThat(rendered(minimalWith("connect_address: 127.0.0.1:5432", "connect_address: 0.0.0.0:5432")
                .errors())).containsExactly("postgresql.connect_address: \"0.0.0.0:5432\" is a wildcard address;"
                + " other members need an address they can reach");
    }

    @Test
    void postgresqlListenAcceptsStarAndSeveralHosts() {
        assertThat(minimalWith("listen: 127.0.0.1:5432", "listen: '*:5432'").errors()).isEmpty();
        assertThat(minimalWith("listen: 127.0.0.1:5432", "listen: 0.0.0.0,127.0.0.1:5432").errors()).isEmpty();
    }

    @Test
    void postgresqlListenInvalid() {
        assertThat(rendered(minimalWith("listen: 127.0.0.1:5432", "listen: 127.0.0.1:99999").errors()))
                .containsExactly("postgresql.listen: \"127.0.0.1:99999\" is not host:port (or host1,host2:port)");
    }

    @Test
    void proxyAddressInvalid() {
        assertThat(paths(minimalWith("  data_dir:", "  proxy_address: nowhere\n  data_dir:").errors()))
                .containsExactly("postgresql.proxy_address");
    }

    @Test
    void dataDirMissing() {
        assertThat(rendered(minimalWith("  data_dir: /var/lib/pg/data\n", "").errors()))
                .containsExactly("postgresql.data_dir: must be set");
    }

    @Test
    void superuserUsernameMissing() {
        assertThat(rendered(minimalWith("      username: postgres\n", "").errors()))
                .containsExactly("postgresql.authentication.superuser.username: must be set");
    }

    @Test
    void replicationUsernameMissing() {
        assertThat(rendered(minimalWith("      username: replicator\n", "").errors()))
                .containsExactly("postgresql.authentication.replication.username: must be set");
    }

    @Test
    void libpqKeywordOptionsAreCheckedAndFilesAreNot() {
        LoadedConfig loaded = minimalWith("      username: replicator\n", "      username: replicator\n"
                + "      sslmode: verify_ca\n      channel_binding: required\n      gssencmode: disable\n"
                + "      sslnegotiation: direct\n      sslcert: /nowhere/repl.crt\n");
        assertThat(rendered(loaded.errors())).containsExactlyInAnyOrder(
                "postgresql.authentication.replication.sslmode: \"verify_ca\" is not one of disable, allow, prefer,"
                        + " require, verify-ca, verify-full (libpq would refuse every connection)",
                "postgresql.authentication.replication.channel_binding: \"required\" is not one of disable, prefer,"
                        + " require (libpq would refuse every connection)");
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void integerTypeError() {
        assertThat(rendered(minimalPlus("bootstrap:\n  dcs:\n    ttl: thirty\n").errors()))
                .containsExactly("bootstrap.dcs.ttl: \"thirty\" is not an integer");
    }

    @Test
    void booleanTypeError() {
        assertThat(rendered(minimalWith("  data_dir:", "  use_pg_rewind: maybe\n  data_dir:").errors()))
                .containsExactly("postgresql.use_pg_rewind: \"maybe\" is not a boolean");
    }

    @Test
    void listTypeError() {
        assertThat(rendered(minimalWith("  data_dir:", "  pg_hba: host all all 0.0.0.0/0 md5\n  data_dir:")
                .errors())).containsExactly("postgresql.pg_hba: \"host all all 0.0.0.0/0 md5\" is not a list");
    }

    @Test
    void sectionThatIsNotAMapping() {
        assertThat(rendered(minimalPlus("restapi: 8008\ntags: [a]\n").errors()))
                .contains("restapi: \"8008\" is not a mapping", "tags: \"[a]\" is not a mapping");
    }

    @Test
    void watchdogSectionWrittenAsOff() {
        LoadedConfig loaded = minimalPlus("watchdog: off\n");
        assertThat(loaded.errors()).isEmpty();
        assertThat(rendered(loaded.warnings())).containsExactly("watchdog: \"off\" read as watchdog: {mode: off}");
        assertThat(loaded.config().watchdog().mode()).isEqualTo(WatchdogConfig.Mode.OFF);
    }

    @Test
    void watchdogModeInvalid() {
        assertThat(rendered(minimalPlus("watchdog:\n  mode: sometimes\n").errors()))
                .containsExactly("watchdog.mode: \"sometimes\" is not one of off, automatic, required");
    }

    @Test
    void watchdogUnquotedOffIsAccepted() {
        LoadedConfig loaded = minimalPlus("watchdog:\n  mode: off\n");
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().watchdog().mode()).isEqualTo(WatchdogConfig.Mode.OFF);
        assertThat(minimalPlus("watchdog:\n  mode: required\n").config().watchdog().mode())
                .isEqualTo(WatchdogConfig.Mode.REQUIRED);
    }

    @Test
    void verifyClientInvalid() {
        assertThat(rendered(minimalWith("  connect_address: 127.0.0.1:8008\n",
                "  connect_address: 127.0.0.1:8008\n  verify_client: always\n").errors()))
                .containsExactly("restapi.verify_client: \"always\" is not one of none, optional, required");
    }

    @Test
    void requestQueueSizeOutOfRange() {
        assertThat(rendered(minimalWith("  connect_address: 127.0.0.1:8008\n",
                "  connect_address: 127.0.0.1:8008\n  request_queue_size: 5000\n").errors()))
                .containsExactly("restapi.request_queue_size: \"5000\" must be between 0 and 4096");
    }

    @Test
    void restapiAuthenticationWithoutPassword() {
        assertThat(rendered(minimalWith("  connect_address: 127.0.0.1:8008\n",
                "  connect_address: 127.0.0.1:8008\n  authentication:\n    username: u\n").errors()))
                .containsExactly("restapi.authentication.password: must be set when authentication is set");
    }

    @Test
    void legacyAuthStringWithoutColon() {
        assertThat(rendered(minimalWith("  connect_address: 127.0.0.1:8008\n",
                "  connect_address: 127.0.0.1:8008\n  auth: justapassword\n").errors()))
                .containsExactly("restapi.auth: is not 'username:password'");
    }

    @Test
    void synchronousModeInvalid() {
        assertThat(rendered(minimalPlus("bootstrap:\n  dcs:\n    synchronous_mode: sometimes\n").errors()))
                .containsExactly("bootstrap.dcs.synchronous_mode: \"sometimes\" is not one of on, off, quorum");
    }

    @Test
    void synchronousModeQuorumAndBooleans() {
        assertThat(minimalPlus("bootstrap:\n  dcs:\n    synchronous_mode: quorum\n").config().bootstrap().dcs()
                .synchronousMode()).isEqualTo(SynchronousMode.QUORUM);
        assertThat(minimalPlus("bootstrap:\n  dcs:\n    synchronous_mode: on\n").config().bootstrap().dcs()
                .synchronousMode()).isEqualTo(SynchronousMode.ON);
        assertThat(minimalPlus("bootstrap:\n  dcs:\n    synchronous_mode: 'off'\n").config().bootstrap().dcs()
                .synchronousMode()).isEqualTo(SynchronousMode.OFF);
    }

    @Test
    void logLevelInvalid() {
        assertThat(rendered(minimalPlus("log:\n  level: LOUD\n").errors()))
                .containsExactly("log.level: \"LOUD\" is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
    }

    @Test
    void logTypeInvalid() {
        assertThat(paths(minimalPlus("log:\n  type: xml\n").errors())).containsExactly("log.type");
    }

    @Test
    void binDirMissing() {
        assertThat(rendered(minimalWith("  data_dir:", "  bin_dir: /no/such/bin\n  data_dir:").errors()))
                .containsExactly("postgresql.bin_dir: \"/no/such/bin\" is not a directory");
    }

    @Test
    void binDirWithoutBinaries() {
        assertThat(rendered(minimalWith("  data_dir:", "  bin_dir: /empty/bin\n  data_dir:").errors()))
                .contains("postgresql.bin_dir: \"/empty/bin\" does not contain pg_ctl")
                .hasSize(6);
    }

    @Test
    void binDirIsCheckedOnTheRealFileSystem() {
        LoadedConfig loaded = ConfigLoader.loadFromString(
                MINIMAL.replace("  data_dir:", "  bin_dir: /definitely/not/here\n  data_dir:"), java.util.Map.of());
        assertThat(paths(loaded.errors())).containsExactly("postgresql.bin_dir");
    }

    @Test
    void dataDirNeedNotExist() {
        LoadedConfig loaded = ConfigLoader.loadFromString(MINIMAL, java.util.Map.of());
        assertThat(loaded.errors()).isEmpty();
    }

    @Test
    void failoverPriorityNegative() {
        assertThat(rendered(minimalPlus("tags:\n  failover_priority: -1\n").errors()))
                .containsExactly("tags.failover_priority: \"-1\" must be at least 0");
    }

    @Test
    void nofailoverTogetherWithFailoverPriorityIsWarned() {
        assertThat(paths(minimalPlus("tags:\n  nofailover: false\n  failover_priority: 3\n").warnings()))
                .containsExactly("tags.failover_priority");
    }

    @Test
    void tagBooleanInvalid() {
        assertThat(paths(minimalPlus("tags:\n  nofailover: perhaps\n").errors())).containsExactly("tags.nofailover");
    }

    @Test
    void bootstrapMethodWithoutItsSection() {
        assertThat(rendered(minimalPlus("bootstrap:\n  method: wal_g\n").errors()))
                .containsExactly("bootstrap.method: \"wal_g\" names no bootstrap.wal_g section");
    }

    @Test
    void bootstrapCustomMethodIsReadAndAccepted() {
        LoadedConfig loaded = minimalPlus("bootstrap:\n  method: wal_g\n  wal_g:\n    command: restore.sh\n"
                + "    no_params: true\n    recovery_conf:\n      recovery_target_name: before\n");
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().bootstrap().methods().get("wal_g")).containsEntry("command", "restore.sh");
    }

    @Test
    void replicaMethodWithoutCommand() {
        assertThat(rendered(minimalWith("  data_dir:", "  create_replica_methods: [pgbackrest, basebackup]\n"
                + "  pgbackrest:\n    keep_data: true\n  data_dir:").errors()))
                .containsExactly("postgresql.pgbackrest.command: must be set for replica method pgbackrest");
    }

    @Test
    void replicaMethodIsRead() {
        LoadedConfig loaded = minimalWith("  data_dir:", "  create_replica_methods: [pgbackrest, basebackup]\n"
                + "  pgbackrest:\n    command: restore\n    keep_data: true\n    no_params: true\n"
                + "    no_leader: true\n  basebackup:\n    - verbose\n    - max-rate: 100M\n  data_dir:");
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
        ReplicaMethodConfig method = loaded.config().postgresql().replicaMethods().get("pgbackrest");
        assertThat(method.command()).contains("restore");
        assertThat(method.keepData()).isTrue();
        assertThat(method.noParams()).isTrue();
        assertThat(method.noLeader()).isTrue();
        assertThat(loaded.config().postgresql().basebackup()).extracting(CommandOption::toArgument)
                .containsExactly("--verbose", "--max-rate=100M");
    }

    @Test
    void initdbItemThatIsNotAnOption() {
        assertThat(paths(minimalPlus("bootstrap:\n  initdb:\n    - [a, b]\n").errors()))
                .containsExactly("bootstrap.initdb[0]");
    }

    @Test
    void initdbDictForm() {
        assertThat(minimalPlus("bootstrap:\n  initdb:\n    encoding: UTF8\n    data-checksums: true\n")
                .config().bootstrap().initdb()).extracting(CommandOption::toArgument)
                .containsExactly("--encoding=UTF8", "--data-checksums");
    }

    @Test
    void unknownKeyIsAWarningWithItsFullPath() {
        LoadedConfig loaded = minimalWith("  data_dir:", "  paramters:\n    max_connections: 10\n  data_dir:");
        assertThat(loaded.errors()).isEmpty();
        assertThat(rendered(loaded.warnings())).containsExactly("postgresql.paramters: unknown key");
    }

    @Test
    void unknownKeysEverywhere() {
        LoadedConfig loaded = minimalPlus("colour: blue\nbootstrap:\n  dcs:\n    tll: 30\n    postgresql:\n"
                + "      use_slot: true\nwatchdog:\n  dev: /dev/wd\n");
        assertThat(paths(loaded.warnings())).containsExactlyInAnyOrder("colour", "bootstrap.dcs.tll",
                "bootstrap.dcs.postgresql.use_slot", "watchdog.dev");
        assertThat(loaded.config().bootstrap().dcs().toMap()).containsKey("tll");
    }

    @Test
    void topLevelDynamicSettingIsIgnoredWithWarning() {
        assertThat(paths(minimalPlus("ttl: 40\n").warnings())).containsExactly("ttl");
    }

    @Test
    void localCmdlineParameterIsIgnoredWithWarning() {
        LoadedConfig loaded = minimalWith("  data_dir:", "  parameters:\n    max_connections: 500\n  data_dir:");
        assertThat(paths(loaded.warnings())).containsExactly("postgresql.parameters.max_connections");
    }

    @Test
    void localUseSlotsIsIgnoredWithWarning() {
        assertThat(paths(minimalWith("  data_dir:", "  use_slots: false\n  data_dir:").warnings()))
                .containsExactly("postgresql.use_slots");
    }

    @Test
    void duplicateKeyWarnsAndTheLastWins() {
        LoadedConfig loaded = load(MINIMAL.replace("scope: demo\n", "scope: demo\nscope: other\n"));
        assertThat(rendered(loaded.warnings())).containsExactly(
                "scope: duplicate key (first at line 1, again at line 2); the last value is used");
        assertThat(loaded.config().scope()).isEqualTo("other");
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        LoadedConfig loaded = load("scope: demo\nname: [unclosed\nrestapi:\n  listen: x\n");
        assertThat(loaded.errors()).hasSize(1);
        assertThat(loaded.errors().get(0).render()).isEqualTo("YAML syntax error at line 2, column 7: while parsing"
                + " a flow sequence; expected ',' or ']', but got :");
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void badIndentationIsASyntaxError() {
        LoadedConfig loaded = load("scope: demo\n  name: x\n");
        assertThat(rendered(loaded.errors())).containsExactly(
                "YAML syntax error at line 2, column 7: mapping values are not allowed here");
    }

    @Test
    void tabIndentationIsASyntaxError() {
        assertThat(rendered(load("a: b\n\tc: d\n").errors())).singleElement().asString()
                .startsWith("YAML syntax error at line 2, column 1: ").contains("TAB");
    }

    @Test
    void rootThatIsNotAMapping() {
        assertThat(rendered(load("- a\n- b\n").errors())).singleElement().asString()
                .contains("must be a YAML mapping");
    }

    @Test
    void missingFile() {
        LoadedConfig loaded = ConfigLoader.load(java.nio.file.Path.of("/no/such/patroni.yml"), java.util.Map.of());
        assertThat(rendered(loaded.errors())).containsExactly("\"/no/such/patroni.yml\" no such configuration file");
    }

    @Test
    void ttlBelowMinimumWarnsWithTheValueUsed() {
        LoadedConfig loaded = minimalPlus("bootstrap:\n  dcs:\n    ttl: 5\n    loop_wait: 1\n    retry_timeout: 3\n");
        assertThat(rendered(loaded.warnings()))
                .containsExactly("bootstrap.dcs.ttl: \"5\" is below the minimum 7; using 7");
        assertThat(loaded.config().bootstrap().dcs().ttl()).isEqualTo(7);
        assertThat(loaded.errors()).isEmpty();
    }

    @Test
    void shortTtlThatKeepsTheSafetyRuleIsAcceptedAsPatroni3Does() {
        LoadedConfig loaded = minimalPlus("bootstrap:\n  dcs:\n    ttl: 10\n    loop_wait: 1\n    retry_timeout: 3\n");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().bootstrap().dcs().ttl()).isEqualTo(10);
    }

    @Test
    void loopWaitRuleIsEnforcedByShorteningLoopWait() {
        LoadedConfig loaded = minimalPlus("bootstrap:\n  dcs:\n    ttl: 30\n    loop_wait: 15\n    retry_timeout: 10\n");
        assertThat(rendered(loaded.warnings())).containsExactly("bootstrap.dcs.loop_wait: \"15\" breaks"
                + " loop_wait + 2*retry_timeout <= ttl (ttl=30, retry_timeout=10); using loop_wait 10");
        DynamicConfig dcs = loaded.config().bootstrap().dcs();
        assertThat(dcs.loopWait()).isEqualTo(10);
        assertThat(dcs.toMap()).as("the stored value is untouched").containsEntry("loop_wait", 15);
    }

    @Test
    void loopWaitRuleShortensRetryTimeoutWhenLoopWaitCannotShrink() {
        LoadedConfig loaded = minimalPlus("bootstrap:\n  dcs:\n    ttl: 20\n    loop_wait: 5\n    retry_timeout: 12\n");
        assertThat(paths(loaded.warnings())).containsExactly("bootstrap.dcs.retry_timeout");
        DynamicConfig dcs = loaded.config().bootstrap().dcs();
        assertThat(dcs.loopWait()).isEqualTo(1);
        assertThat(dcs.retryTimeout()).isEqualTo(9);
    }

    @Test
    void loopWaitAndRetryTimeoutMinimums() {
        LoadedConfig loaded = minimalPlus("bootstrap:\n  dcs:\n    loop_wait: 0\n    retry_timeout: 1\n");
        assertThat(paths(loaded.warnings())).containsExactly("bootstrap.dcs.loop_wait", "bootstrap.dcs.retry_timeout");
        assertThat(loaded.config().bootstrap().dcs().loopWait()).isEqualTo(1);
        assertThat(loaded.config().bootstrap().dcs().retryTimeout()).isEqualTo(3);
    }

    @Test
    void dynamicPostgresqlLocalOnlyKeyWarned() {
        assertThat(paths(minimalPlus("bootstrap:\n  dcs:\n    postgresql:\n      data_dir: /x\n").warnings()))
                .containsExactly("bootstrap.dcs.postgresql.data_dir");
    }

    @Test
    void citusIsRefused() {
        LoadedConfig loaded = minimalPlus("citus:\n  group: 0\n  database: x\n");
        assertThat(paths(loaded.errors())).containsExactly("citus");
        assertThat(loaded.warnings()).isEmpty();
    }
}
