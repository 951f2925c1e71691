package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code bootstrap} section. {@code methods} holds custom bootstrap method sections by name. */
public record BootstrapConfig(
        DynamicConfig dcs,
        String method,
        Map<String, Map<String, Object>> methods,
        List<CommandOption> initdb,
        List<String> pgHba,
        Map<String, BootstrapUserConfig> users,
        Optional<String> postBootstrap) {

    public BootstrapConfig {
        methods = Map.copyOf(methods);
        initdb = List.copyOf(initdb);
        pgHba = List.copyOf(pgHba);
        users = Map.copyOf(users);
    }

    static BootstrapConfig read(Section s) {
        Problems problems = s.problems();
        Object dcsRaw = s.raw("dcs").orElse(Map.of());
        DynamicConfig dcs;
        if (dcsRaw instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            dcs = DynamicConfigReader.read(Maps.mutable(typed), s.pathOf("dcs"), problems);
        } else {
            problems.error(s.pathOf("dcs"), dcsRaw, "is not a mapping");
            dcs = DynamicConfig.defaults();
        }
        String method = s.string("method", "initdb");
        Map<String, Map<String, Object>> methods = new LinkedHashMap<>();
        if (!"initdb".equals(method)) {
            Map<String, Object> section = s.map(method);
            if (section.isEmpty()) {
                problems.error(s.pathOf("method"), method, "names no bootstrap." + method + " section");
            } else {
                methods.put(method, section);
                if (!(section.get("command") instanceof String)) {
                    problems.errorAt(s.pathOf(method + ".command"), "must be set");
                }
            }
        }
        Optional<String> post = s.string("post_bootstrap").or(() -> s.string("post_init"));
        BootstrapConfig config = new BootstrapConfig(dcs, method, methods, CommandOption.readList(s, "initdb"),
                s.stringList("pg_hba").orElse(List.of()), users(s.section("users")), post);
        s.reportUnknownKeys();
        return config;
    }

    private static Map<String, BootstrapUserConfig> users(Section s) {
        Map<String, BootstrapUserConfig> users = new LinkedHashMap<>();
        for (String name : s.asMap().keySet()) {
            Section user = s.section(name);
            users.put(name, new BootstrapUserConfig(user.secret("password").orElse(Secret.of("")),
                    user.stringOrList("options").orElse(List.of())));
            user.reportUnknownKeys();
        }
        return users;
    }

    @Override
    public String toString() {
        return "BootstrapConfig[dcs=" + dcs + ", method=" + method + ", methods=" + Maps.masked(methods)
                + ", initdb=" + initdb + ", pgHba=" + pgHba + ", users=" + users + ", postBootstrap="
                + postBootstrap + "]";
    }
}
