package io.jpatroni.daemon.settings;

import io.jpatroni.config.ConfigProblem;
import io.jpatroni.config.UnsupportedKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names what the cluster's dynamic configuration asks for that jpatroni does not do ({@code edit-config
 * -s synchronous_mode=true}, or a Patroni cluster this node joined): an ERROR for a refused key, a WARN
 * for one not acted on, each once, when it appears or its value changes. A running node cannot refuse
 * to run without harming availability, so it says so and goes on.
 */
final class UnsupportedDynamicKeys {
    private static final Logger log = LoggerFactory.getLogger(UnsupportedDynamicKeys.class);

    private Map<String, ?> lastConfig;
    private Set<String> named;

    /** {@code alreadyNamed}: the file's {@code bootstrap.dcs}, whose keys were named at startup. */
    UnsupportedDynamicKeys(Map<String, ?> alreadyNamed) {
        this.lastConfig = alreadyNamed;
        this.named = rendered(UnsupportedKeys.inDynamic(alreadyNamed));
    }

    /** Logs what {@code config} asks for that was not named before; returns those problems. */
    synchronized List<ConfigProblem> observe(Map<String, ?> config) {
        if (Objects.equals(config, lastConfig)) {
            return List.of();
        }
        lastConfig = config;
        UnsupportedKeys.Found found = UnsupportedKeys.inDynamic(config);
        List<ConfigProblem> fresh = new ArrayList<>();
        for (ConfigProblem p : found.refused()) {
            if (!named.contains(p.render())) {
                log.error("The cluster's dynamic configuration: {}", p.render());
                fresh.add(p);
            }
        }
        for (ConfigProblem p : found.notActedOn()) {
            if (!named.contains(p.render())) {
                log.warn("The cluster's dynamic configuration: {}", p.render());
                fresh.add(p);
            }
        }
        named = rendered(found);
        return fresh;
    }

    private static Set<String> rendered(UnsupportedKeys.Found found) {
        Set<String> out = new HashSet<>();
        found.refused().forEach(p -> out.add(p.render()));
        found.notActedOn().forEach(p -> out.add(p.render()));
        return out;
    }
}
