package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.model.Cluster;
import java.util.List;

/**
 * Decodes a cluster's keys, reusing the last result while they are unchanged: a steady cluster's keys do not change
 * from one cycle to the next (an unchanged member key is not written again, the leader key lives on its lease), so its
 * members' JSON is not parsed again every cycle. Thread-safe; one per DCS client.
 */
public final class ClusterDecoder {
    private final ClusterCodec codec;
    private volatile Decoded last;

    public ClusterDecoder(ClusterCodec codec) {
        this.codec = codec;
    }

    public Cluster decode(Keys keys, List<KeyValue> kvs) {
        Decoded d = last;
        if (d != null && d.keys() == keys && d.kvs().equals(kvs)) {
            return d.cluster();
        }
        Cluster cluster = codec.decodeCluster(keys, kvs);
        last = new Decoded(keys, List.copyOf(kvs), cluster);
        return cluster;
    }

    /** Keys and the cluster decoded from them. */
    private record Decoded(Keys keys, List<KeyValue> kvs, Cluster cluster) {
    }
}
