package io.jpatroni.ctl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * jpatronictl sees the DCS through its public faces ({@code ClusterStore}, the model) and calls members through the
 * REST client: no key layout, codec, etcd or ZooKeeper client or lease of its own, no web server, no daemon.
 */
@AnalyzeClasses(packages = "io.jpatroni.ctl", importOptions = ImportOption.DoNotIncludeTests.class)
class CtlArchitectureTest {

    @ArchTest
    static final ArchRule dcsThroughItsFaces = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.jpatroni.dcs.kv..", "io.jpatroni.dcs.etcd3..", "io.jpatroni.dcs.zookeeper..",
                    "io.etcd..", "org.apache.curator..", "org.apache.zookeeper..")
            .because("the key layout, the values' JSON and the etcd and ZooKeeper clients stay inside the dcs"
                    + " module");

    @ArchTest
    static final ArchRule noSession = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName("io.jpatroni.dcs.MemberSession").orShould().dependOnClassesThat()
            .haveFullyQualifiedName("io.jpatroni.dcs.Dcs")
            .because("only a member's HA loop holds a session (lock, member key, lease)");

    @ArchTest
    static final ArchRule noServer = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.jpatroni.restapi..", "io.javalin..", "io.jpatroni.daemon..")
            .because("the CLI is a client: the REST server and the daemon are not on its class path");
}
