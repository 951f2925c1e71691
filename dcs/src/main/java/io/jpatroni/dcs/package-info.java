/**
 * Patroni's cluster state in a DCS, with two faces: {@link io.jpatroni.dcs.ClusterStore} (read, wait for a leader
 * change, the compare-and-set writes users make) for anyone, {@link io.jpatroni.dcs.MemberSession} (lock, member key,
 * the leader's keys, the lease) for a member's HA loop only; {@link io.jpatroni.dcs.Dcs} is both, and
 * {@link io.jpatroni.dcs.DcsFactory} hands out what each caller needs. Values are typed ({@code dcs.model}); their
 * JSON never leaves this module. Backends plug in below as a {@code kv.KeyValueStore} (etcd v3, in memory).
 */
package io.jpatroni.dcs;
