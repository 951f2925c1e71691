package io.jpatroni.ctl;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code -d/--dcs-url} value: {@code [etcd3|etcd|zookeeper://]host[:port][/namespace]}, as patronictl's
 * {@code parse_dcs} reads it: without a scheme the port chooses (2181 ZooKeeper, else etcd), without a port the
 * scheme's default (2379, 2181). {@code etcd} and {@code etcd3} both mean etcd reached with the v3 API; a path sets
 * the namespace. Other DCS schemes are refused.
 */
public record DcsUrl(Store store, String host, int port, Optional<String> namespace) {
    static final int DEFAULT_PORT = 2379;
    static final int ZOOKEEPER_PORT = 2181;

    /** The DCSs jpatronictl speaks to. */
    public enum Store { ETCD, ZOOKEEPER }

    public static DcsUrl parse(String text) {
        String url = text.contains("//") ? text : "//" + text;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CtlException("Invalid dcs url: " + text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (scheme.isEmpty()) {
            scheme = switch (uri.getPort()) {
                case ZOOKEEPER_PORT -> "zookeeper";
                case 8181 -> "exhibitor";
                case 8500 -> "consul";
                default -> "etcd";
            };
        }
        Store store = switch (scheme) {
            case "etcd", "etcd3" -> Store.ETCD;
            case "zookeeper" -> Store.ZOOKEEPER;
            case "exhibitor", "consul", "kubernetes", "raft" ->
                    throw new CtlException("DCS " + scheme + " is not supported by jpatronictl, only etcd and"
                            + " zookeeper");
            default -> throw new CtlException("Unknown dcs scheme: " + scheme);
        };
        int port = uri.getPort() > 0 ? uri.getPort() : store == Store.ZOOKEEPER ? ZOOKEEPER_PORT : DEFAULT_PORT;
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        return new DcsUrl(store, host, port, path.isEmpty() ? Optional.empty() : Optional.of("/" + path + "/"));
    }

    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
