/**
 * Immutable view of a Patroni cluster as stored in the DCS. Records only; flags are read with {@code pycompat.PyTruth}.
 * Absent values are {@code Optional}; {@code modRevision} is the etcd mod revision of the key.
 */
package io.jpatroni.dcs.model;
