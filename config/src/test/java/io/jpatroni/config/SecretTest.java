package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.load;
import static io.jpatroni.config.Fixtures.loadResource;
import static io.jpatroni.config.Fixtures.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Passwords never appear in toString, in problems, or in the report. */
class SecretTest {
    private static final List<String> SEED_SECRETS = List.of("api_password", "rep_password", "admin123",
            "rep-pass", "QWEasd123", "restsecret", "supersecret", "replsecret", "rewindsecret");

    @Test
    void secretPrintsAsStars() {
        Secret secret = Secret.of("hunter2");
        assertThat(secret).hasToString("******");
        assertThat(secret.reveal()).isEqualTo("hunter2");
        assertThat(new BasicAuth("u", secret).toString()).doesNotContain("hunter2");
    }

    @Test
    void loadedConfigsNeverPrintTheirPasswords() {
        for (String file : List.of("seed002-node1.yml", "seed003-postgres0.yml", "seed004-patroni1.yml",
                "reference-node1.yml")) {
            String text = loadResource(file).toString();
            assertThat(SEED_SECRETS).allSatisfy(s -> assertThat(text).as(file).doesNotContain(s));
        }
    }

    @Test
    void rawTreeAndRecoveryConfAndReplicaMethodsAreMaskedInToString() {
        String yaml = MINIMAL.replace("  data_dir:", "  recovery_conf:\n    primary_conninfo: password=rc_secret\n"
                + "  create_replica_methods: [wal_e]\n  wal_e:\n    command: x\n    password: method_secret\n"
                + "  data_dir:") + "bootstrap:\n  users:\n    admin:\n      password: user_secret\n"
                + "  custom:\n    command: c\n    token: boot_secret\n  method: custom\n"
                + "etcd3:\n  hosts: a:1\n  password: etcd_secret\n";
        LoadedConfig loaded = load(yaml);
        String text = loaded.toString();
        assertThat(List.of("rc_secret", "method_secret", "user_secret", "boot_secret", "etcd_secret",
                "supersecret", "replsecret")).allSatisfy(s -> assertThat(text).doesNotContain(s));
        assertThat(loaded.config().postgresql().recoveryConf()).containsEntry("primary_conninfo",
                "password=rc_secret");
    }

    @Test
    void wronglyTypedPasswordsAreReportedWithoutTheirValue() {
        String yaml = MINIMAL.replace("password: supersecret", "password: [supersecret, again]")
                .replace("  connect_address: 127.0.0.1:8008\n", "  connect_address: 127.0.0.1:8008\n"
                        + "  auth: nocolonsecret\n  keyfile_password: {a: keysecret}\n");
        LoadedConfig loaded = load(yaml);
        assertThat(rendered(loaded.errors())).containsExactlyInAnyOrder(
                "postgresql.authentication.superuser.password: is not a string",
                "restapi.auth: is not 'username:password'",
                "restapi.keyfile_password: is not a string");
        String all = String.join("\n", rendered(loaded.errors())) + rendered(loaded.warnings());
        assertThat(all).doesNotContain("supersecret", "nocolonsecret", "keysecret");
    }

    @Test
    void environmentPasswordsNeverReachProblemsOrToString() {
        LoadedConfig loaded = load(MINIMAL, Map.of("PATRONI_RESTAPI_PASSWORD", "envsecret1",
                "PATRONI_SUPERUSER_PASSWORD", "envsecret2", "PATRONI_bob_PASSWORD", "envsecret3",
                "PATRONI_ETCD3_PASSWORD", "envsecret4", "PATRONI_RESTAPI_USERNAME", "u"));
        String all = loaded.toString() + rendered(loaded.errors()) + rendered(loaded.warnings());
        assertThat(all).doesNotContain("envsecret1", "envsecret2", "envsecret3", "envsecret4");
    }

    @Test
    void etcdUrlWithCredentialsIsNotEchoedWhenInvalid() {
        LoadedConfig loaded = load(MINIMAL.replace("hosts: 127.0.0.1:2379", "url: ftp://u:urlsecret@x"));
        assertThat(rendered(loaded.errors()).toString()).doesNotContain("urlsecret");
    }

    @Test
    void passwordsNestedInAWronglyTypedValueAreMasked() {
        LoadedConfig loaded = load(MINIMAL.replace("listen: 127.0.0.1:8008", "listen: {password: nestedsecret}"));
        assertThat(rendered(loaded.errors())).containsExactly("restapi.listen: \"{password=******}\" is not a string");
    }
}
