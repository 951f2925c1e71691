package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the configuration tree given by {@code PATRONI_*} environment variables, with the names
 * and value parsing of Patroni's ENVIRONMENT docs. The caller merges it over the file (env wins).
 *
 * <p>Unlike Patroni, {@code PATRONI_ETCD3_USERNAME}/{@code _PASSWORD} are always read as etcd
 * credentials, never as a bootstrap user called "ETCD3".
 */
final class EnvOverlay {
    static final String PREFIX = "PATRONI_";
    private static final List<String> AUTH_PARAMETERS = List.of("username", "password", "sslmode", "sslkey",
            "sslpassword", "sslcert", "sslrootcert", "sslcrl", "sslcrldir", "gssencmode", "channel_binding",
            "sslnegotiation");
    private static final Set<String> DCS_SUFFIXES = Set.of("HOST", "HOSTS", "PORT", "USE_PROXIES", "PROTOCOL",
            "SRV", "SRV_SUFFIX", "URL", "PROXY", "CACERT", "CERT", "KEY", "VERIFY", "TOKEN", "CHECKS", "DC",
            "CONSISTENCY", "REGISTER_SERVICE", "SERVICE_CHECK_INTERVAL", "SERVICE_CHECK_TLS_SERVER_NAME",
            "SERVICE_TAGS", "NAMESPACE", "CONTEXT", "USE_ENDPOINTS", "SCOPE_LABEL", "ROLE_LABEL", "POD_IP",
            "PORTS", "LABELS", "BYPASS_API_SERVICE", "RETRIABLE_HTTP_CODES", "KEY_PASSWORD", "USE_SSL",
            "SET_ACLS", "GROUP", "DATABASE", "LEADER_LABEL_VALUE", "FOLLOWER_LABEL_VALUE",
            "STANDBY_LEADER_LABEL_VALUE", "TMP_ROLE_LABEL");

    private final Map<String, String> env = new TreeMap<>();
    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Problems problems;

    private EnvOverlay(Map<String, String> environment, Problems problems) {
        environment.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && !"PATRONI_CONFIGURATION".equals(k)) {
                env.put(k, v);
            }
        });
        this.problems = problems;
    }

    static Map<String, Object> build(Map<String, String> environment, Problems problems) {
        EnvOverlay overlay = new EnvOverlay(environment, problems);
        overlay.readAll();
        return overlay.tree;
    }

    private void readAll() {
        for (String param : List.of("name", "namespace", "scope")) {
            pop(param).ifPresent(v -> tree.put(param, v));
        }
        legacyLogName("LEVEL", "LOGLEVEL");
        legacyLogName("FORMAT", "LOGFORMAT");
        legacyLogName("DATEFORMAT", "LOG_DATEFMT");
        section("restapi", "listen", "connect_address", "certfile", "keyfile", "keyfile_password", "cafile",
                "ciphers", "verify_client", "http_extra_headers", "https_extra_headers", "allowlist",
                "allowlist_include_members", "request_queue_size", "server_tokens");
        section("ctl", "insecure", "cacert", "certfile", "keyfile", "keyfile_password");
        section("postgresql", "listen", "connect_address", "proxy_address", "config_dir", "data_dir", "pgpass",
                "bin_dir");
        section("log", "level", "traceback_level", "format", "dateformat", "max_queue_size", "dir", "file_size",
                "file_num", "loggers", "type");
        section("raft", "data_dir", "self_addr", "partner_addrs", "password", "bind_addr");
        for (String binary : PostgresqlReader.BINARIES) {
            pop("POSTGRESQL_BIN_" + binary).ifPresent(v -> child("postgresql", "bin_name").put(binary, v));
        }
        typed("restapi", "allowlist_include_members", this::parseBool);
        typed("ctl", "insecure", this::parseBool);
        typed("restapi", "request_queue_size", this::parseInt);
        for (String key : List.of("max_queue_size", "file_size", "file_num")) {
            typed("log", key, this::parseInt);
        }
        typed("restapi", "allowlist", this::parseList);
        typed("raft", "partner_addrs", this::parseList);
        typed("restapi", "http_extra_headers", this::parseDict);
        typed("restapi", "https_extra_headers", this::parseDict);
        typed("log", "loggers", this::parseDict);
        for (String section : List.of("ctl", "restapi")) {
            Map<String, Object> auth = auth(section, List.of("username", "password"));
            if (!auth.isEmpty()) {
                child(section).put("authentication", auth);
            }
        }
        for (String userType : List.of("replication", "superuser", "rewind")) {
            Map<String, Object> auth = auth(userType, AUTH_PARAMETERS);
            if (!auth.isEmpty()) {
                child("postgresql", "authentication").put(userType, auth);
            }
        }
        for (String dcs : List.of("etcd", "etcd3")) {
            Map<String, Object> auth = auth(dcs, List.of("username", "password"));
            if (!auth.isEmpty()) {
                child(dcs).putAll(auth);
            }
        }
        dcsSections();
        bootstrapUsers();
    }

    private void legacyLogName(String name, String oldName) {
        pop(oldName).ifPresent(v -> env.putIfAbsent(PREFIX + "LOG_" + name, v));
    }

    private void section(String section, String... params) {
        for (String param : params) {
            pop(section + "_" + param).ifPresent(v -> child(section).put(param, v));
        }
    }

    private interface Parser {
        Optional<Object> parse(String envName, String value);
    }

    private void typed(String section, String key, Parser parser) {
        Object value = tree.get(section) instanceof Map<?, ?> m ? m.get(key) : null;
        if (value instanceof String text) {
            String envName = PREFIX + (section + "_" + key).toUpperCase(Locale.ROOT);
            Optional<Object> parsed = parser.parse(envName, text);
            if (parsed.isPresent()) {
                child(section).put(key, parsed.get());
            } else {
                child(section).remove(key);
            }
        }
    }

    private Map<String, Object> auth(String name, List<String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String param : params) {
            pop(name + "_" + param).ifPresent(v -> out.put(param, v));
        }
        return out;
    }

    /** PATRONI_(ETCD3|ETCD|ZOOKEEPER|...)_(HOSTS|PROTOCOL|...) */
    private void dcsSections() {
        for (String key : List.copyOf(env.keySet())) {
            String rest = key.substring(PREFIX.length());
            int underscore = rest.indexOf('_');
            if (underscore <= 0) {
                continue;
            }
            String name = rest.substring(0, underscore);
            String suffix = rest.substring(underscore + 1);
            if (!DCS_SUFFIXES.contains(suffix)) {
                continue;
            }
            String value = env.remove(key);
            if ("CITUS".equals(name)) {
                citus(key, suffix, value);
                continue;
            }
            Optional<Object> parsed = switch (suffix) {
                case "PORT" -> parseInt(key, value);
                case "HOSTS", "PORTS", "CHECKS", "SERVICE_TAGS", "RETRIABLE_HTTP_CODES" -> parseList(key, value);
                case "LABELS", "SET_ACLS" -> parseDict(key, value);
                case "USE_PROXIES", "REGISTER_SERVICE", "USE_ENDPOINTS", "BYPASS_API_SERVICE", "VERIFY",
                     "USE_SSL" -> parseBool(key, value);
                default -> Optional.of(value);
            };
            parsed.ifPresent(v -> child(name.toLowerCase(Locale.ROOT)).put(suffix.toLowerCase(Locale.ROOT), v));
        }
    }

    /** PATRONI_CITUS_GROUP (an integer) and PATRONI_CITUS_DATABASE; Patroni drops any other PATRONI_CITUS_*. */
    private void citus(String envName, String suffix, String value) {
        Optional<Object> parsed = switch (suffix) {
            case "GROUP" -> parseInt(envName, value);
            case "DATABASE" -> Optional.of(value);
            default -> {
                problems.warnAt(envName, "ignored: only PATRONI_CITUS_GROUP and PATRONI_CITUS_DATABASE are read");
                yield Optional.empty();
            }
        };
        parsed.ifPresent(v -> child("citus").put(suffix.toLowerCase(Locale.ROOT), v));
    }

    /** PATRONI_<user>_PASSWORD and PATRONI_<user>_OPTIONS: users created after bootstrap. */
    private void bootstrapUsers() {
        for (String key : List.copyOf(env.keySet())) {
            if (!key.endsWith("_PASSWORD") || !env.containsKey(key)) {
                continue;
            }
            String user = key.substring(PREFIX.length(), key.length() - "_PASSWORD".length());
            String password = env.remove(key);
            if (user.isEmpty() || password.isEmpty()) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("password", password);
            String optionsKey = PREFIX + user + "_OPTIONS";
            Optional.ofNullable(env.remove(optionsKey)).flatMap(o -> parseList(optionsKey, o))
                    .ifPresent(o -> entry.put("options", o));
            child("bootstrap", "users").put(user, entry);
        }
    }

    private Optional<String> pop(String name) {
        return Optional.ofNullable(env.remove(PREFIX + name.toUpperCase(Locale.ROOT))).filter(v -> !v.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> child(String... path) {
        Map<String, Object> node = tree;
        for (String key : path) {
            node = (Map<String, Object>) node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        }
        return node;
    }

    private Optional<Object> parseBool(String envName, String value) {
        Optional<Object> parsed = Section.toBoolean(value).map(b -> b);
        if (parsed.isEmpty()) {
            problems.warn(envName, value, "is not a boolean; ignored");
        }
        return parsed;
    }

    private Optional<Object> parseInt(String envName, String value) {
        Optional<Object> parsed = Section.toLong(value).map(n -> n);
        if (parsed.isEmpty()) {
            problems.warn(envName, value, "is not an integer; ignored");
        }
        return parsed;
    }

    private Optional<Object> parseList(String envName, String value) {
        String text = value.strip().startsWith("-") || value.contains("[") ? value : "[" + value + "]";
        try {
            Object parsed = YamlReader.readValue(text);
            if (parsed instanceof List<?> list) {
                return Optional.of(list);
            }
        } catch (YamlReader.SyntaxException e) {
            // fall through to the plain comma split
        }
        List<String> split = Section.splitCommas(value);
        return split.isEmpty() ? Optional.empty() : Optional.of(split);
    }

    private Optional<Object> parseDict(String envName, String value) {
        String text = value.strip().startsWith("{") ? value : "{" + value + "}";
        try {
            Object parsed = YamlReader.readValue(text);
            if (parsed instanceof Map<?, ?> map) {
                return Optional.of(map);
            }
        } catch (YamlReader.SyntaxException e) {
            // reported below
        }
        problems.warnAt(envName, "is not a YAML mapping; ignored");
        return Optional.empty();
    }
}
