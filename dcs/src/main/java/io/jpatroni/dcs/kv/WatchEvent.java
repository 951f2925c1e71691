package io.jpatroni.dcs.kv;

/**
 * A change seen by a watch. For {@code DELETE} the key value carries the deleting revision as
 * {@code modRevision} and an empty value.
 */
public record WatchEvent(Type type, KeyValue kv) {
    public enum Type { PUT, DELETE }
}
