package io.jpatroni.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What the tests read in a member's {@code GET /patroni} answer (the same shape from jpatroni and from Patroni). */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    /** How many entries of a primary's {@code replication} list are in state {@code streaming}. */
    static int streamingReplicas(String body) {
        try {
            int n = 0;
            for (JsonNode r : JSON.readTree(body).path("replication")) {
                if ("streaming".equals(r.path("state").asText())) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
