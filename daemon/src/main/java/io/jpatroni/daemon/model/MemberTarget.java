package io.jpatroni.daemon.model;

import io.jpatroni.dcs.model.Member;
import java.util.Optional;

/** Where another member's PostgreSQL listens, taken from its member key. */
public record MemberTarget(String name, String host, int port) {

    public static Optional<MemberTarget> of(Member m) {
        return m.host().map(h -> new MemberTarget(m.name(), h, m.port().orElse(Member.DEFAULT_PORT)));
    }
}
