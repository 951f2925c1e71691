/**
 * What stops a leader's PostgreSQL when its daemon cannot: Patroni's watchdog ({@link io.jpatroni.watchdog.Watchdog}
 * over a Linux device or Patroni's testing double) and jpatroni's fence process
 * ({@link io.jpatroni.watchdog.fence.FenceGuard}). The HA decision says when each is armed; the loop calls them.
 * {@link io.jpatroni.watchdog.WatchdogSettings} reads the {@code watchdog} section as Patroni does and says which
 * mechanisms it switches on. See the module's README.
 */
package io.jpatroni.watchdog;
