/**
 * What both backends' watches share: the leader key's last known revision and the HA loop's wait on it
 * ({@link io.jpatroni.dcs.watch.LeaderGate}).
 */
package io.jpatroni.dcs.watch;
