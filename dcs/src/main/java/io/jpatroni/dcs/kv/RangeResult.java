package io.jpatroni.dcs.kv;

import java.util.List;

/** The keys of one range request and the store revision it was served at. */
public record RangeResult(long revision, List<KeyValue> kvs) {
    public RangeResult {
        kvs = List.copyOf(kvs);
    }
}
