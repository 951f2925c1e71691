package io.jpatroni.config;

import java.util.Optional;
import java.util.Set;

/** Shape checks for {@code host:port} strings ({@code [::1]:5432} included). */
final class HostPort {
    private static final Set<String> WILDCARDS = Set.of("*", "0.0.0.0", "::", "[::]");

    private HostPort() {
    }

    /** The port after the last colon, if it is 1..65535. */
    static Optional<Integer> port(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0 || colon == value.length() - 1) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The host part before the port, brackets removed. */
    static String host(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? value : value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** {@code host:port} with a non-empty host. */
    static boolean isHostPort(String value) {
        return port(value).isPresent() && !host(value).isBlank() && !host(value).contains(" ")
                && !host(value).contains(",");
    }

    /** A listen address: {@code host:port}, {@code *:port}, {@code :port}, or with {@code allowMany} {@code a,b:port}. */
    static boolean isListen(String value, boolean allowMany) {
        if (port(value).isEmpty()) {
            return false;
        }
        String hosts = value.substring(0, value.lastIndexOf(':'));
        if (hosts.isEmpty()) {
            return true;
        }
        if (!allowMany && hosts.contains(",")) {
            return false;
        }
        for (String host : hosts.split(",", -1)) {
            if (host.isBlank() || host.strip().contains(" ")) {
                return false;
            }
        }
        return true;
    }

    /** An address other nodes can reach: not a wildcard such as 0.0.0.0 or *. */
    static boolean isWildcard(String value) {
        return WILDCARDS.contains(host(value)) || WILDCARDS.contains(value.substring(0, Math.max(0,
                value.lastIndexOf(':'))));
    }
}
