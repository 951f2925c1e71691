package io.jpatroni.it.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fault kinds of issue #12. {@link #inject} breaks something and holds the fault (it returns when the fault has
 * lasted long enough for the cluster to react), {@link #heal} undoes it; the campaign then waits for a healthy cluster.
 * Each fault picks its victims from the cluster as it is when the round starts.
 */
enum Fault {
    KILL_LEADER(1, "kill -9 leader daemon+postgres") {
        @Override
        void inject(Round r) {
            r.cluster.killHard(r.leader);
            r.note("killed " + r.leader.name());
            // held until another node leads (the failover), at most 4 x ttl
            awaitQuietly(r.ttl().multipliedBy(4), () -> r.cluster.leader().filter(l -> !l.equals(r.leader)).isPresent());
        }

        @Override
        void heal(Round r) {
            r.cluster.restartDead();
        }
    },
    FREEZE_LEADER(2, "SIGSTOP leader daemon 2xttl") {
        @Override
        void inject(Round r) {
            Hosts.signal(r.cluster.daemonPid(r.leader), "STOP");
            r.note("stopped the daemon of " + r.leader.name());
            sleep(r.ttl().multipliedBy(2));
        }

        @Override
        void heal(Round r) {
            Hosts.signal(r.cluster.daemonPid(r.leader), "CONT");
        }
    },
    LEADER_FROM_ETCD(3, "leader cut off from etcd") {
        @Override
        void inject(Round r) {
            for (Hosts.Host e : r.cluster.etcds) {
                r.cluster.hosts().cut(r.leader, e);
            }
            r.note("cut " + r.leader.name() + " from etcd");
            sleep(r.ttl().multipliedBy(2));
        }
    },
    LEADER_ISOLATED(4, "leader cut off from all") {
        @Override
        void inject(Round r) {
            r.cluster.hosts().isolate(r.leader);
            r.note("isolated " + r.leader.name());
            sleep(r.ttl().multipliedBy(2));
        }
    },
    REPLICA_FROM_LEADER(5, "replica cut off from leader") {
        @Override
        void inject(Round r) {
            r.cluster.hosts().cut(r.replica, r.leader);
            r.note("cut " + r.replica.name() + " from " + r.leader.name());
            sleep(r.ttl().multipliedBy(2));
        }
    },
    ETCD_QUORUM(6, "etcd 1 of 3, then 2 of 3 lost") {
        @Override
        void inject(Round r) {
            List<Hosts.Host> etcds = r.cluster.etcds;
            r.cluster.hosts().isolate(etcds.get(2));
            r.note("isolated " + etcds.get(2).name() + " (minority)");
            sleep(r.ttl());
            r.cluster.hosts().isolate(etcds.get(1));
            r.note("isolated " + etcds.get(1).name() + " (majority lost)");
            sleep(r.ttl().multipliedBy(2));
        }
    },
    REPLICA_DISK_FULL(7, "replica disk full") {
        @Override
        void inject(Round r) {
            Path filler = filler(r);
            try {
                long free = Files.getFileStore(filler.getParent()).getUsableSpace();
                // fallocate makes a tmpfs hand out its pages at once: the disk is full from now on
                io.jpatroni.it.support.Processes.runAny(new ProcessBuilder("fallocate", "-l", Long.toString(free),
                        filler.toString()), Duration.ofSeconds(30));
                r.note("filled the disk of " + r.replica.name() + " ("
                        + Files.getFileStore(filler.getParent()).getUsableSpace() + " bytes left)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sleep(r.ttl().multipliedBy(2));
        }

        @Override
        void heal(Round r) {
            try {
                Files.deleteIfExists(filler(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path filler(Round r) {
            return r.cluster.config(r.replica).dir().resolve("filler");
        }
    },
    CLOCK_STEP(8, "clock step on the leader") {
        @Override
        java.util.Optional<String> unavailable(ChaosCluster.Options o) {
            return ClockStep.unavailable(o);
        }

        @Override
        void inject(Round r) {
            ClockStep.set(r.cluster, r.leader, ClockStep.STEP_SECONDS);
            r.note("stepped the wall clock of " + r.leader.name() + " by " + ClockStep.STEP_SECONDS + " s");
            sleep(r.ttl().multipliedBy(2));
        }

        @Override
        void heal(Round r) {
            ClockStep.set(r.cluster, r.leader, 0);
        }
    },
    HAPROXY_DURING_SWITCHOVER(9, "HAProxy restart in switchover") {
        @Override
        void inject(Round r) {
            String body = "{\"leader\":\"" + r.leader.name() + "\",\"candidate\":\"" + r.replica.name() + "\"}";
            CompletableFuture<Integer> switchover = CompletableFuture.supplyAsync(
                    () -> r.cluster.post(r.leader, "/switchover", body));
            sleep(Duration.ofMillis(300));
            r.cluster.restartHaProxy();
            r.note("switchover " + r.leader.name() + " -> " + r.replica.name() + " with HAProxy restarted: "
                    + switchover.join());
        }
    };

    final int number;
    final String title;

    Fault(int number, String title) {
        this.number = number;
        this.title = title;
    }

    static Fault byNumber(int n) {
        for (Fault f : values()) {
            if (f.number == n) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fault " + n + " (1-9)");
    }

    /** Why this machine cannot inject the fault under this daemon, or empty when it can. */
    java.util.Optional<String> unavailable(ChaosCluster.Options o) {
        return java.util.Optional.empty();
    }

    abstract void inject(Round r);

    /** By default: the network cuts are undone. */
    void heal(Round r) {
        r.cluster.hosts().healAll();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitQuietly(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the round's judge says what did not happen
        }
    }
}
