/**
 * Patroni-compatible configuration: the YAML file, {@code PATRONI_*} environment overrides and
 * validation with YAML paths.
 *
 * <ul>
 *   <li>{@link io.jpatroni.config.ConfigLoader} reads a file (or {@code PATRONI_CONFIGURATION}) into a
 *       {@link io.jpatroni.config.LoadedConfig}: a {@link io.jpatroni.config.PatroniConfig} plus every
 *       {@link io.jpatroni.config.ConfigProblem}. It never throws for a bad file.</li>
 *   <li>{@link io.jpatroni.config.DynamicConfig} is the cluster-wide configuration (bootstrap.dcs, the DCS
 *       {@code config} key, {@code patroni.dynamic.json}); it round-trips its map unchanged.</li>
 *   <li>{@link io.jpatroni.config.EffectiveConfig#merge} is the one place where dynamic and local settings
 *       meet (dynamic &lt; local YAML &lt; environment).</li>
 *   <li>{@link io.jpatroni.config.Secret} holds passwords; nothing in this package prints one.</li>
 * </ul>
 */
package io.jpatroni.config;
