package io.jpatroni.dcs;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One interface with small backends: each client library stays in its backend's package, the backends do not reach
 * into each other, and the ZooKeeper backend shares with the key-value one only the key layout, the key-value record
 * and the codec, so that Patroni's names and values are written in one place.
 */
@AnalyzeClasses(packages = "io.jpatroni.dcs", importOptions = ImportOption.DoNotIncludeTests.class)
class DcsArchitectureTest {

    @ArchTest
    static final ArchRule jetcdOnlyInItsBackend = noClasses().that().resideOutsideOfPackage("io.jpatroni.dcs.etcd3..")
            .should().dependOnClassesThat().resideInAnyPackage("io.etcd..")
            .because("the etcd client is the etcd3 backend's business");

    @ArchTest
    static final ArchRule curatorOnlyInItsBackend = noClasses().that()
            .resideOutsideOfPackage("io.jpatroni.dcs.zookeeper..").should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.curator..", "org.apache.zookeeper..")
            .because("the ZooKeeper client is the zookeeper backend's business");

    @ArchTest
    static final ArchRule backendsStandAlone = noClasses().that().resideInAPackage("io.jpatroni.dcs.zookeeper..")
            .should().dependOnClassesThat().resideInAnyPackage("io.jpatroni.dcs.etcd3..", "io.jpatroni.dcs.memory..")
            .orShould().dependOnClassesThat(resideInAPackage("io.jpatroni.dcs.kv..")
                    .and(not(simpleName("Keys").or(simpleName("KeyValue")).or(simpleName("ClusterCodec"))
                            .or(simpleName("ClusterDecoder")))))
            .because("ZooKeeper is not a KeyValueStore: it shares the key layout and the values (their codec and its "
                    + "reuse of a steady cluster's decoding), nothing else");

    @ArchTest
    static final ArchRule valuesOnlyInTheBackends = noClasses().that()
            .resideOutsideOfPackages("io.jpatroni.dcs.kv..", "io.jpatroni.dcs.zookeeper..").should()
            .dependOnClassesThat().haveSimpleName("ClusterCodec").orShould().dependOnClassesThat()
            .haveSimpleName("ClusterDecoder")
            .because("Patroni's JSON values are written and read by the backends only");
}
