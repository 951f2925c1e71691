package io.jpatroni.daemon.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.daemon.decision.PeerStatus;
import org.junit.jupiter.api.Test;

class RestPeerProbeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PeerStatus replicaTagged(String nofailover) throws Exception {
        return RestPeerProbe.toStatus(JSON.readTree("{\"state\": \"running\", \"role\": \"replica\", \"xlog\": "
                + "{\"received_location\": 100, \"replayed_location\": 90}, \"tags\": {\"nofailover\": " + nofailover
                + "}}"));
    }

    @Test
    void nofailoverTagReadAsAFlag() throws Exception {
        assertThat(replicaTagged("false")).isEqualTo(new PeerStatus(true, false, 100, false, 1));
        assertThat(replicaTagged("\"false\"").noFailover()).isFalse();
        for (String yes : new String[] {"true", "1", "\"yes\"", "\"on\"", "\"True\""}) {
            assertThat(replicaTagged(yes)).as(yes).isEqualTo(new PeerStatus(true, false, 100, true, 0));
        }
    }
}
