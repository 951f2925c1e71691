package io.jpatroni.restapi;

/**
 * Where the REST API reads this node's state. The daemon implements it with an {@code AtomicReference} that the
 * HA loop sets once per cycle; {@link #current()} must be cheap and never block.
 */
@FunctionalInterface
public interface NodeStatusSource {
    NodeSnapshot current();
}
