package io.jpatroni.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method that leaves its class's shared cluster beyond repair (it stops the members and wipes the DCS,
 * say): {@link ClusterExtension} closes the cluster after it and starts a new one for the next method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface DiscardsCluster {
}
