package io.jpatroni.dcs.model;

import java.util.Optional;

/** The {@code leader} key: the name of the lock holder and, when it has one, its member entry. */
public record Leader(long modRevision, String name, Optional<Member> member) {
}
