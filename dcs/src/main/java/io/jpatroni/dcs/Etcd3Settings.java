package io.jpatroni.dcs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Patroni's {@code etcd3} section: {@code hosts} as {@code host:port}, {@code protocol} http or
 * https, optional user/password auth and TLS files. {@link #toString()} masks the password.
 */
public record Etcd3Settings(List<String> hosts, String protocol, Optional<String> username,
                            Optional<String> password, Optional<Path> cacert, Optional<Path> cert,
                            Optional<Path> key) {
    public Etcd3Settings {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("etcd3: at least one host is required");
        }
        Objects.requireNonNull(protocol);
        if (!protocol.equals("http") && !protocol.equals("https")) {
            throw new IllegalArgumentException("etcd3.protocol must be http or https, not " + protocol);
        }
    }

    /**
     * The values of Patroni's {@code etcd3} (or v2 {@code etcd}) section, as the daemon and jpatronictl read it:
     * file names as written in the YAML, the password in clear.
     */
    public static Etcd3Settings of(List<String> hosts, String protocol, Optional<String> username,
                                   Optional<String> password, Optional<String> cacert, Optional<String> cert,
                                   Optional<String> key) {
        return new Etcd3Settings(hosts, protocol, username, password, cacert.map(Path::of), cert.map(Path::of),
                key.map(Path::of));
    }

    /** Plain http, no auth. */
    public static Etcd3Settings plain(List<String> hosts) {
        return new Etcd3Settings(hosts, "http", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public Etcd3Settings withAuth(String user, String pass) {
        return new Etcd3Settings(hosts, protocol, Optional.of(user), Optional.of(pass), cacert, cert, key);
    }

    public Etcd3Settings withTls(Path caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        return new Etcd3Settings(hosts, "https", username, password, Optional.of(caFile), certFile, keyFile);
    }

    @Override
    public String toString() {
        return "Etcd3Settings[hosts=" + hosts + ", protocol=" + protocol + ", username=" + username
                + ", password=" + password.map(p -> "******") + ", cacert=" + cacert + ", cert=" + cert
                + ", key=" + key + "]";
    }
}
