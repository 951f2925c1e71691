package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.PeerStatus;
import io.jpatroni.dcs.model.Member;
import java.util.List;
import java.util.Map;

/** Asks the other members' REST API ({@code GET /patroni}) where they stand, all at once, with a short timeout. */
public interface PeerProbe {
    /** @return one status per member name; an unreachable member maps to {@link PeerStatus#unreachable()} */
    Map<String, PeerStatus> probe(List<Member> members);
}
