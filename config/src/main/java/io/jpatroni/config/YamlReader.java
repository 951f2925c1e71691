package io.jpatroni.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML into plain maps and lists, keeping key order, with YAML 1.1 scalars as PyYAML reads
 * them ({@code on}/{@code off}/{@code yes}/{@code no} are booleans).
 *
 * <p>A duplicated key keeps the last value, as PyYAML does, and leaves a warning naming its path.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** The parsed root mapping and the warnings found while reading it. */
    record Document(Map<String, Object> root, List<ConfigProblem> warnings) {
    }

    /** The text is not YAML, or its root is not a mapping. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ConfigProblem problem;

        SyntaxException(ConfigProblem problem) {
            super(problem.render());
            this.problem = problem;
        }

        ConfigProblem problem() {
            return problem;
        }
    }

    private final List<ConfigProblem> warnings = new ArrayList<>();

    private YamlReader() {
    }

    static Document read(String text) throws SyntaxException {
        YamlReader reader = new YamlReader();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Document(new LinkedHashMap<>(), List.of());
            }
            if (first != JsonToken.START_OBJECT) {
                throw new SyntaxException(ConfigProblem.at("",
                        "the configuration must be a YAML mapping of sections (scope, name, restapi, ...)"));
            }
            Map<String, Object> root = reader.readMap(parser, "");
            return new Document(root, List.copyOf(reader.warnings));
        } catch (JsonProcessingException e) {
            throw new SyntaxException(syntaxProblem(e));
        } catch (IOException e) {
            throw new SyntaxException(ConfigProblem.at("", "cannot read YAML: " + e.getClass().getSimpleName()));
        }
    }

    /** Reads a single YAML value (used for list- and dict-valued environment variables). */
    static Object readValue(String text) throws SyntaxException {
        YamlReader reader = new YamlReader();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            return first == null ? null : reader.readValue(parser, "");
        } catch (JsonProcessingException e) {
            throw new SyntaxException(syntaxProblem(e));
        } catch (IOException e) {
            throw new SyntaxException(ConfigProblem.at("", "cannot read YAML"));
        }
    }

    private static final Pattern MARK =
            Pattern.compile("\\s*in '.*', line (\\d+), column (\\d+):");

    /** SnakeYAML's message without its code excerpts, located at its first mark (else Jackson's location). */
    private static ConfigProblem syntaxProblem(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "invalid YAML" : e.getOriginalMessage();
        List<String> reasons = new ArrayList<>();
        String at = null;
        for (String line : original.split("\n")) {
            Matcher mark = MARK.matcher(line);
            if (mark.matches()) {
                at = at != null ? at : "line " + mark.group(1) + ", column " + mark.group(2);
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                reasons.add(line.trim());
            }
        }
        JsonLocation where = e.getLocation();
        if (at == null && where != null) {
            at = "line " + where.getLineNr() + ", column " + where.getColumnNr();
        }
        String reason = reasons.isEmpty() ? "invalid YAML" : String.join("; ", reasons);
        return ConfigProblem.at("", "YAML syntax error" + (at == null ? "" : " at " + at) + ": " + reason);
    }

    private Map<String, Object> readMap(JsonParser parser, String path) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = parser.currentLocation().getLineNr();
            String childPath = Problems.join(path, key);
            parser.nextToken();
            Object value = readValue(parser, childPath);
            if (map.containsKey(key)) {
                warnings.add(ConfigProblem.at(childPath, "duplicate key (first at line " + firstLine.get(key)
                        + ", again at line " + line + "); the last value is used"));
                map.remove(key);
            } else {
                firstLine.put(key, line);
            }
            map.put(key, value);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected token " + token);
        }
        return map;
    }

    private List<Object> readList(JsonParser parser, String path) throws IOException {
        List<Object> list = new ArrayList<>();
        JsonToken token;
        int index = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IOException("unexpected end of YAML");
            }
            list.add(readValue(parser, path + "[" + index++ + "]"));
        }
        return list;
    }

    private Object readValue(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readMap(parser, path);
            case START_ARRAY -> readList(parser, path);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> floating(parser);
            default -> parser.getText();
        };
    }

    private static Object integer(JsonParser parser) throws IOException {
        try {
            Number number = parser.getNumberValue();
            return number.longValue() == number.intValue() ? (Object) number.intValue() : (Object) number.longValue();
        } catch (IOException | NumberFormatException e) {
            return parser.getText();
        }
    }

    private static Object floating(JsonParser parser) throws IOException {
        try {
            return parser.getDoubleValue();
        } catch (IOException | NumberFormatException e) {
            return parser.getText();
        }
    }
}
