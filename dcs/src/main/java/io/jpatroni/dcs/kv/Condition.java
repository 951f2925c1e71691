package io.jpatroni.dcs.kv;

import java.util.Objects;

/** The single compare of a compare-and-set transaction. */
public record Condition(Kind kind, long revision, String value) {
    public enum Kind { NONE, ABSENT, MOD_REVISION, VALUE }

    public static final Condition NONE = new Condition(Kind.NONE, 0, null);

    public Condition {
        Objects.requireNonNull(kind);
    }

    /** Key must not exist (etcd: {@code create_revision == 0}). */
    public static Condition absent() {
        return new Condition(Kind.ABSENT, 0, null);
    }

    /** Key's mod revision must equal {@code revision} (0 = key must not exist, as in etcd). */
    public static Condition modRevision(long revision) {
        return new Condition(Kind.MOD_REVISION, revision, null);
    }

    /** Key must exist and hold exactly {@code value}. */
    public static Condition value(String value) {
        return new Condition(Kind.VALUE, 0, Objects.requireNonNull(value));
    }

    /** Evaluates this condition against the current key, null when absent. */
    public boolean test(KeyValue current) {
        return switch (kind) {
            case NONE -> true;
            case ABSENT -> current == null;
            case MOD_REVISION -> (current == null ? 0 : current.modRevision()) == revision;
            case VALUE -> current != null && current.value().equals(value);
        };
    }
}
