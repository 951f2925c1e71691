package io.jpatroni.dcs.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dynamic configuration ({@code config} key). {@code data} keeps the JSON order and may hold
 * nested maps, lists and nulls, so it is an unmodifiable ordered copy rather than {@code Map.copyOf}.
 */
public record ClusterConfig(long modRevision, String rawJson, Map<String, Object> data) {
    public ClusterConfig {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
