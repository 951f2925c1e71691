package io.jpatroni.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the DCS among the top-level sections: etcd3, else etcd (v2, read as v3), else zookeeper, else an error.
 * Patroni takes the first section it has a module for in the order of their names (etcd, etcd3, ..., zookeeper):
 * a zookeeper section next to an etcd one is ignored, as there.
 */
final class DcsSectionReader {
    static final int DEFAULT_PORT = 2379;
    static final List<String> UNSUPPORTED = List.of("consul", "kubernetes", "raft", "exhibitor");

    /** The etcd or ZooKeeper settings found (at most one of them) and the unsupported DCS sections present. */
    record Result(Optional<EtcdConfig> etcd, Optional<ZooKeeperConfig> zookeeper, List<String> unsupported) {
    }

    private DcsSectionReader() {
    }

    static Result read(Section root) {
        Problems problems = root.problems();
        List<String> unsupported = new ArrayList<>();
        for (String name : UNSUPPORTED) {
            if (root.raw(name).isPresent() || root.asMap().containsKey(name)) {
                unsupported.add(name);
                problems.errorAt(name, "jpatroni supports only etcd (v3 API) and ZooKeeper: replace the " + name
                        + " section with etcd3: {hosts: [host:port, ...]}");
            }
        }
        root.markKnown("etcd", "etcd3", "zookeeper");
        Map<String, Object> tree = root.asMap();
        Optional<EtcdConfig> etcd = Optional.empty();
        Optional<ZooKeeperConfig> zookeeper = Optional.empty();
        if (tree.get("etcd3") != null) {
            etcd = Optional.of(readEtcd(root, "etcd3"));
            if (tree.get("etcd") != null) {
                problems.warnAt("etcd", "ignored: the etcd3 section is used");
            }
        } else if (tree.get("etcd") != null) {
            problems.warnAt("etcd", "Patroni's etcd section uses the etcd v2 API (off by default since etcd 3.4,"
                    + " removed in 3.6); jpatroni speaks the v3 API to these hosts: rename the section to etcd3");
            etcd = Optional.of(readEtcd(root, "etcd"));
        }
        if (tree.get("zookeeper") != null) {
            if (etcd.isPresent()) {
                problems.warnAt("zookeeper", "ignored: the " + etcd.get().sourceSection() + " section is used,"
                        + " as Patroni does");
            } else {
                zookeeper = Optional.of(readZooKeeper(root.section("zookeeper")));
            }
        }
        if (etcd.isEmpty() && zookeeper.isEmpty() && unsupported.isEmpty()) {
            problems.errorAt("etcd3", "must be set: jpatroni needs etcd3: {hosts: [host:port, ...]}"
                    + " (or PATRONI_ETCD3_HOSTS), or zookeeper: {hosts: [host:port, ...]}");
        }
        return new Result(etcd, zookeeper, List.copyOf(unsupported));
    }

    /**
     * Patroni's zookeeper section: {@code hosts} a YAML list or a comma-separated string (PATRONI_ZOOKEEPER_HOSTS
     * too), {@code use_ssl} false and {@code verify} true by default; {@code set_acls} maps a principal to a list of
     * permissions.
     */
    private static ZooKeeperConfig readZooKeeper(Section s) {
        Problems problems = s.problems();
        List<String> hosts = new ArrayList<>();
        s.stringOrList("hosts").ifPresent(list -> list.forEach(h -> hosts.add(withPort(h.strip(),
                ZooKeeperConfig.DEFAULT_PORT))));
        for (String host : hosts) {
            if (!HostPort.isHostPort(host)) {
                problems.error(s.pathOf("hosts"), host, "is not host:port");
            }
        }
        if (hosts.isEmpty()) {
            problems.errorAt(s.pathOf("hosts"), "must be set: no ZooKeeper host is given");
        }
        Map<String, List<String>> acls = new LinkedHashMap<>();
        s.map("set_acls").forEach((principal, permissions) -> {
            if (permissions instanceof List<?> list) {
                acls.put(principal, list.stream().map(String::valueOf).toList());
            } else {
                problems.error(s.pathOf("set_acls") + "." + principal, permissions, "is not a list of permissions");
            }
        });
        ZooKeeperConfig config = new ZooKeeperConfig(hosts.stream().distinct().toList(), s.bool("use_ssl", false),
                s.string("cacert"), s.string("cert"), s.string("key"), s.secret("key_password"),
                s.bool("verify", true), acls);
        // read but not acted on, or refused: ConfigKeys says which, UnsupportedKeys reports
        s.markKnown("auth_data", "exhibitor");
        s.reportUnknownKeys();
        return config;
    }

    private static EtcdConfig readEtcd(Section root, String name) {
        Object value = root.asMap().get(name);
        if (value instanceof List<?> || value instanceof String) {
            String message = "is a bare list of hosts; read as " + name + ".hosts (write " + name
                    + ": {hosts: [...]})";
            if (String.valueOf(value).contains("@")) {
                root.problems().warnAt(name, message);
            } else {
                root.problems().warn(name, value, message);
            }
            Section fake = new Section(name, Map.of("hosts", value), root.problems());
            return readEtcdSection(fake, name);
        }
        return readEtcdSection(root.section(name), name);
    }

    private static EtcdConfig readEtcdSection(Section s, String name) {
        Problems problems = s.problems();
        Optional<String> username = s.string("username");
        Optional<Secret> password = s.secret("password");
        Optional<String> urlScheme = Optional.empty();
        Optional<String> url = s.string("url");
        Optional<List<String>> listed = s.stringOrList("hosts");
        Optional<String> single = s.string("host");
        int port = s.integer("port").orElse(DEFAULT_PORT);
        List<String> hosts = new ArrayList<>();
        if (url.isPresent()) {
            Optional<URI> uri = parseUrl(url.get());
            if (uri.isEmpty()) {
                problems.errorAt(s.pathOf("url"), "is not an http(s)://host[:port] URL");
            } else {
                int urlPort = uri.get().getPort() > 0 ? uri.get().getPort() : DEFAULT_PORT;
                hosts.add(uri.get().getHost() + ":" + urlPort);
                urlScheme = Optional.of(uri.get().getScheme());
                String userInfo = uri.get().getRawUserInfo();
                if (userInfo != null && userInfo.contains(":")) {
                    username = Optional.of(userInfo.substring(0, userInfo.indexOf(':')));
                    password = Optional.of(Secret.of(userInfo.substring(userInfo.indexOf(':') + 1)));
                }
            }
            notUsed(s, "url", "hosts", "host");
        } else if (listed.isPresent()) {
            listed.get().forEach(h -> hosts.add(withPort(h.strip(), port)));
            notUsed(s, "hosts", "host");
        } else if (single.isPresent()) {
            String value = single.get().strip();
            if (value.contains(":") && HostPort.port(value).isEmpty()) {
                hosts.add(value); // reported below
            } else {
                // as Patroni: an explicit port key wins over the host's own port
                String host = value.contains(":") ? HostPort.host(value) : value;
                int hostPort = s.has("port") ? port : HostPort.port(value).orElse(DEFAULT_PORT);
                hosts.add((host.contains(":") ? "[" + host + "]" : host) + ":" + hostPort);
            }
        }
        Optional<String> scheme = urlScheme;
        String protocol = s.oneOf("protocol", "http", "https").or(() -> scheme).orElse("http");
        for (String host : hosts) {
            if (!HostPort.isHostPort(host)) {
                problems.error(s.pathOf("hosts"), host, "is not host:port");
            }
        }
        if (hosts.isEmpty() && url.isEmpty()) {
            problems.errorAt(s.pathOf("hosts"), "must be set: no etcd host is given");
        }
        EtcdConfig config = new EtcdConfig(hosts.stream().distinct().toList(), protocol, username, password,
                s.string("cacert"), s.string("cert"), s.string("key"), name);
        // read but not acted on, or meaningless here: ConfigKeys says which, UnsupportedKeys warns
        s.markKnown("port", "use_proxies", "key_password", "retry_timeout", "verify", "proxy", "srv", "srv_suffix");
        s.reportUnknownKeys();
        return config;
    }

    /** Patroni's endpoint choice: the first of {@code used} given wins, the others given are named as ignored. */
    private static void notUsed(Section s, String used, String... others) {
        for (String other : others) {
            if (s.has(other)) {
                s.problems().warnAt(s.pathOf(other), "ignored: " + s.pathOf(used) + " is used, as Patroni does");
            }
        }
    }

    /** {@code host} without a port gets {@code port}, as Patroni's split_host_port does. */
    private static String withPort(String host, int port) {
        return host.contains(":") ? host : host + ":" + port;
    }

    private static Optional<URI> parseUrl(String text) {
        try {
            URI uri = new URI(text);
            boolean ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null;
            return ok ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
