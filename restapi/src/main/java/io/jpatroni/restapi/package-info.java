/**
 * jpatroni's REST API: Patroni-compatible health checks and monitoring endpoints served from the last
 * {@link io.jpatroni.restapi.NodeSnapshot} the HA loop published (through {@link io.jpatroni.restapi.NodeStatusSource}),
 * TLS and basic auth ({@link io.jpatroni.restapi.RestApiSettings}), and a hook for management routes
 * ({@link io.jpatroni.restapi.RestApiServer#unsafe}). Status codes come from the pure
 * {@link io.jpatroni.restapi.health.HealthCheck}, bodies are written with {@code pycompat.PyJson}. The server only:
 * members call each other with the {@code restclient} module.
 */
package io.jpatroni.restapi;
