/**
 * Calls other members' REST APIs, as Patroni's {@code request.py} does: {@link io.jpatroni.restclient.PatroniApiClient}
 * ({@code GET /patroni} of the peers during a leader race, jpatronictl's management requests) with the certificates,
 * basic auth and {@code insecure} meaning of {@link io.jpatroni.restclient.ClientSettings}. No web server here: that is
 * {@code io.jpatroni.restapi}.
 */
package io.jpatroni.restclient;
