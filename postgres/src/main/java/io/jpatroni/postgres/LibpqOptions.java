package io.jpatroni.postgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The libpq connection options of one {@code postgresql.authentication} user, as Patroni passes them on to every
 * connection made as that user: {@code sslmode}, {@code sslcert}, {@code sslkey}, {@code sslrootcert},
 * {@code sslcrl}, {@code sslcrldir}, {@code gssencmode}, {@code channel_binding}, {@code sslnegotiation}, and
 * {@code sslpassword} (kept apart as a secret).
 */
public record LibpqOptions(Map<String, String> values, Optional<Password> sslpassword) {
    /** The option names, in no particular order (rendering order is {@link Conninfo}'s). */
    public static final List<String> NAMES = List.of("sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl",
            "sslcrldir", "gssencmode", "channel_binding", "sslnegotiation");
    public static final LibpqOptions NONE = new LibpqOptions(Map.of(), Optional.empty());

    public LibpqOptions {
        values = Map.copyOf(values);
        for (String name : values.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("not a libpq option Patroni passes on: " + name);
            }
        }
        Objects.requireNonNull(sslpassword, "sslpassword");
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The options as conninfo parameters, sslpassword included (in clear: it goes where libpq reads it). */
    public Map<String, String> conninfoParams() {
        Map<String, String> out = new LinkedHashMap<>(values);
        sslpassword.ifPresent(p -> out.put("sslpassword", p.value()));
        return out;
    }

    @Override
    public String toString() {
        return values + (sslpassword.isPresent() ? " sslpassword=******" : "");
    }
}
