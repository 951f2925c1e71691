/**
 * jpatroni's postgres module: everything jpatroni does to the local PostgreSQL (13 to 17; tested on 15).
 *
 * <p>Entry point: {@link io.jpatroni.postgres.Postgres} ({@code Postgres.create(settings, runner, timeouts)}),
 * configured by plain values ({@link io.jpatroni.postgres.PostgresSettings},
 * {@link io.jpatroni.postgres.ConnectionTarget}, {@link io.jpatroni.postgres.RoleCredentials}); it does not know
 * the DCS or the YAML configuration. The HA loop decides, this module executes.
 *
 * <ul>
 *   <li>{@code process}: pg_ctl and other programs through {@link io.jpatroni.postgres.process.ProcessRunner}
 *       (fake it in unit tests), postmaster.pid parsing and liveness checks.</li>
 *   <li>{@code config}: postgresql.conf / pg_hba.conf / pg_ident.conf / pgpass rendering (pure) and atomic
 *       writing, shaped like Patroni 3.0.2's files.</li>
 *   <li>{@code sql}: typed JDBC queries, one reused connection per purpose, the replication-protocol probe.</li>
 *   <li>{@code controldata}, {@code rewind}: pg_controldata and timeline history parsers, the pure rewind
 *       planner, pg_rewind execution with Patroni's fallbacks.</li>
 *   <li>{@code bootstrap}, {@code replica}: initdb and post-bootstrap roles; pg_basebackup and custom replica
 *       methods.</li>
 * </ul>
 */
package io.jpatroni.postgres;
