/**
 * jpatroni's REST API: Patroni-compatible health checks and monitoring endpoints served from the last
 * {@link io.jpatroni.restapi.NodeSnapshot} the HA loop published (through {@link io.jpatroni.restapi.NodeStatusSource}),
 * TLS and basic auth ({@link io.jpatroni.restapi.RestApiSettings}), and a hook for management routes
 * ({@link io.jpatroni.restapi.RestApiServer#unsafe}). Status codes come from the pure
 * {@link io.jpatroni.restapi.health.HealthCheck}; members call each other with
 * {@link io.jpatroni.restapi.client.PatroniApiClient}. This module depends on no other jpatroni module.
 */
package io.jpatroni.restapi;
