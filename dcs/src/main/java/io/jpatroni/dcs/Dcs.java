package io.jpatroni.dcs;

/**
 * What a member's HA loop holds: its {@link MemberSession} and the {@link ClusterStore} of its cluster, over one
 * connection (it writes {@code config} and {@code failover} too). Others get only the face they need from
 * {@link DcsFactory}: jpatronictl and the REST API's management threads the store.
 */
public interface Dcs extends ClusterStore, MemberSession {

    @Override
    void close();
}
