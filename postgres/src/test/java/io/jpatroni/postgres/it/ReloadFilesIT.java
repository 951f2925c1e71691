package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.REPLICATION;
import static io.jpatroni.postgres.it.PgNodes.SUPERUSER;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.FollowResult;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.replica.ReplicaMethod;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a reload gives a running PostgreSQL besides parameters, as Patroni's {@code reload_config}: pg_hba lines
 * written and the server reloaded at once; a replica's recovery_conf taken at its next follow (reloaded), and nothing
 * when nothing changed.
 */
class ReloadFilesIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void pgHbaAndRecoveryConfOfAReload() throws Exception {
        Postgres pg0 = nodes.primary("pg0");
        var su0 = target(pg0, SUPERUSER);
        Sql.exec(su0, "CREATE ROLE app LOGIN PASSWORD 'appsecret'");
        List<String> hba = new ArrayList<>(List.of("host all app 127.0.0.1/32 reject"));
        hba.addAll(PgNodes.HBA);

        assertThat(pg0.changeHbaAndIdent(PgNodes.HBA, List.of(), true)).isFalse();   // the same lines: nothing to do
        assertThat(pg0.changeHbaAndIdent(hba, List.of(), true)).isTrue();
        assertThat(Files.readString(pg0.settings().configDir().resolve("pg_hba.conf")))
                .contains("host all app 127.0.0.1/32 reject");
        assertThat(Sql.one(su0, "SELECT count(*) FROM pg_hba_file_rules WHERE 'app' = ANY(user_name)"
                + " AND auth_method = 'reject'")).isEqualTo("1");
        assertThat(pg0.changeHbaAndIdent(List.of(), List.of(), true)).isFalse();   // an empty list leaves the file alone
        assertThat(Files.readString(pg0.settings().configDir().resolve("pg_hba.conf"))).contains("reject");

        Postgres pg1 = nodes.node("pg1");
        var leader = target(pg0, REPLICATION);
        pg1.createReplica(List.of(ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"),
                List.of()))), Optional.of(leader));
        StandbyConfig standby = StandbyConfig.following(leader, "pg1");
        pg1.start(Optional.of(standby));
        var su1 = target(pg1, SUPERUSER);
        assertThat(Sql.one(su1, "SHOW recovery_min_apply_delay")).isEqualTo("0");

        assertThat(pg1.changeRecoveryConf(Map.of("recovery_min_apply_delay", "5s"))).isTrue();
        assertThat(pg1.changeRecoveryConf(Map.of("recovery_min_apply_delay", "5s"))).isFalse();
        assertThat(pg1.follow(standby)).isEqualTo(FollowResult.RELOADED);
        assertThat(Sql.one(su1, "SHOW recovery_min_apply_delay")).isEqualTo("5s");
        assertThat(pg1.follow(standby)).isEqualTo(FollowResult.UNCHANGED);
        assertThat(pg0.changeRecoveryConf(Map.of("recovery_min_apply_delay", "5s"))).isFalse();   // a primary
    }
}
