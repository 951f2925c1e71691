package io.jpatroni.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever value sits at whatever key, loading reports problems and never throws. */
class RobustnessTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<Object> ODD_VALUES = Arrays.asList(null, "x", 7, false, List.of("a", 1),
            List.of(Map.of("k", "v")), Map.of("k", "v"), Map.of("k", Arrays.asList(null, "y")));

    private static final String RICH = Fixtures.resource("seed004-patroni1.yml") + """
            ctl: {insecure: true, authentication: {username: u, password: p}}
            etcd3: {hosts: [a:2379], username: u, password: p, protocol: https, cacert: /ca}
            """;

    @Test
    void everyKeyWithEveryOddValueLoadsWithoutThrowing() throws Exception {
        Map<String, Object> tree = YamlReader.read(RICH).root();
        List<List<String>> paths = new ArrayList<>();
        collect(tree, new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(100);
        int loads = 0;
        for (List<String> path : paths) {
            for (Object odd : ODD_VALUES) {
                Map<String, Object> mutated = Maps.mutable(tree);
                set(mutated, path, odd);
                String yaml = YAML.writeValueAsString(mutated);
                assertThatCode(() -> Fixtures.load(yaml)).as("%s = %s", path, odd).doesNotThrowAnyException();
                loads++;
            }
        }
        assertThat(loads).isEqualTo(paths.size() * ODD_VALUES.size());
    }

    @Test
    void dynamicConfigFromOddMapsNeverThrows() {
        for (String key : DynamicConfigReader.TOP_LEVEL_KEYS) {
            for (Object odd : ODD_VALUES) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put(key, odd);
                assertThatCode(() -> DynamicConfig.fromMap(map)).as("%s = %s", key, odd)
                        .doesNotThrowAnyException();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> map, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            if (e.getValue() instanceof Map<?, ?> child) {
                collect((Map<String, Object>) child, path, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> map, List<String> path, Object value) {
        Map<String, Object> node = map;
        for (String key : path.subList(0, path.size() - 1)) {
            node = (Map<String, Object>) node.get(key);
        }
        node.put(path.get(path.size() - 1), value);
    }
}
