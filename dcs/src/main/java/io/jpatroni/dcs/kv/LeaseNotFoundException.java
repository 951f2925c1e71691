package io.jpatroni.dcs.kv;

/** A put referred to a lease that the store no longer knows (expired or revoked). */
public class LeaseNotFoundException extends RuntimeException {
    public LeaseNotFoundException(long lease) {
        super("lease " + Long.toHexString(lease) + " not found");
    }
}
