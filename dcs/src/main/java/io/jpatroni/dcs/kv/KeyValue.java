package io.jpatroni.dcs.kv;

import java.util.OptionalLong;

/** One stored key with etcd's revision metadata; {@code lease} is empty for permanent keys. */
public record KeyValue(String key, String value, long createRevision, long modRevision, long version,
                       OptionalLong lease) {
}
