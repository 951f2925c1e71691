package io.jpatroni.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * The daemon's rooms stay as {@code docs/architecture.md} draws them: the decision is pure, the shared floor imports
 * nothing above it, the loop calls its ports and never an adapter, and no class reaches into another module's
 * internals.
 */
@AnalyzeClasses(packages = "io.jpatroni.daemon", importOptions = ImportOption.DoNotIncludeTests.class)
class DaemonArchitectureTest {
    private static final String DECISION = "io.jpatroni.daemon.decision..";
    private static final String MODEL = "io.jpatroni.daemon.model..";
    private static final String LOOP = "io.jpatroni.daemon.loop..";

    @ArchTest
    static final ArchRule decisionIsPure = classes().that().resideInAPackage(DECISION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DECISION, MODEL, "io.jpatroni.dcs.model..",
                    "java.lang..", "java.util..", "java.time..", "org.slf4j..")
            .because("the HA decision is a pure function of the cluster, the local state and the settings:"
                    + " no loop, PostgreSQL, REST, DCS client or I/O");

    @ArchTest
    static final ArchRule decisionReadsNoClockAndNeverSleeps = noClasses().that().resideInAPackage(DECISION)
            .should().callMethod(Instant.class, "now").orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now").orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime").orShould().callMethod(Thread.class, "sleep", long.class)
            .because("the time is a fact of the local state (LocalState.now), from the loop's injected clock");

    @ArchTest
    static final ArchRule modelIsTheGroundFloor = classes().that().resideInAPackage(MODEL)
            .should().onlyDependOnClassesThat().resideInAnyPackage(MODEL, "io.jpatroni.dcs.model..", "java.lang..",
                    "java.util..", "java.time..")
            .because("both sides import the shared values; they import nothing above them");

    @ArchTest
    static final ArchRule loopCallsItsPortsNotTheAdapters = noClasses().that().resideInAPackage(LOOP)
            .should().dependOnClassesThat().resideInAnyPackage("io.jpatroni.daemon.postgres..",
                    "io.jpatroni.daemon.publish..", "io.jpatroni.daemon.rest..", "io.jpatroni.daemon.mgmt..",
                    "io.jpatroni.daemon.settings..", "io.jpatroni.daemon.watchdog..", "io.jpatroni.daemon.metrics..", "io.jpatroni.postgres..",
                    "io.jpatroni.restapi..", "io.jpatroni.restclient..", "io.jpatroni.config..", "io.jpatroni.watchdog..")
            .orShould().dependOnClassesThat().resideInAPackage("io.jpatroni.daemon")
            .because("the loop declares the ports it calls (ManagedPostgres, PeerProbe, SettingsSource, Publisher, Guards);"
                    + " the adapters implement them and NodeAgent wires them");

    @ArchTest
    static final ArchRule restThreadsHoldNoSession = noClasses().that().resideInAPackage("io.jpatroni.daemon.mgmt..")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.jpatroni.dcs.MemberSession")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.jpatroni.dcs.Dcs")
            .because("the REST threads read and write through the ClusterStore; only the loop uses the session");

    @ArchTest
    static final ArchRule noModuleInternals = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.jpatroni.dcs.kv..", "io.jpatroni.dcs.etcd3..", "io.jpatroni.dcs.zookeeper..",
                    "io.etcd..", "org.apache.curator..", "org.apache.zookeeper..", "io.javalin..")
            .because("the key layout, the codec and the etcd and ZooKeeper clients stay inside dcs, Javalin inside"
                    + " restapi");
}
