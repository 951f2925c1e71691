package io.jpatroni.ctl;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code -d/--dcs-url} value: {@code [etcd3|etcd://]host[:port][/namespace]}. Both schemes mean etcd reached with
 * the v3 API (jpatroni speaks no other); a path sets the namespace. Other DCS schemes are refused.
 */
public record DcsUrl(String host, int port, Optional<String> namespace) {
    static final int DEFAULT_PORT = 2379;

    public static DcsUrl parse(String text) {
        String url = text.contains("//") ? text : "//" + text;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CtlException("Invalid dcs url: " + text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        if (scheme.isEmpty()) {
            scheme = switch (port) {
                case 2181 -> "zookeeper";
                case 8181 -> "exhibitor";
                case 8500 -> "consul";
                default -> "etcd";
            };
        }
        switch (scheme) {
            case "etcd", "etcd3" -> {
            }
            case "zookeeper", "exhibitor", "consul", "kubernetes", "raft" ->
                    throw new CtlException("DCS " + scheme + " is not supported by jpatronictl, only etcd");
            default -> throw new CtlException("Unknown dcs scheme: " + scheme);
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        return new DcsUrl(host, port, path.isEmpty() ? Optional.empty() : Optional.of("/" + path + "/"));
    }

    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
