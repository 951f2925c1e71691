package io.jpatroni.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** toString for records holding raw maps: password-like keys print as ******. */
final class SafeToString {
    private SafeToString() {
    }

    @SuppressWarnings("unchecked")
    static String of(Record record) {
        StringJoiner out = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                value = "?";
            }
            if (value instanceof Optional<?> o && o.isPresent() && o.get() instanceof Map<?, ?> m) {
                value = Optional.of(Maps.masked((Map<String, ?>) m));
            } else if (value instanceof Map<?, ?> m) {
                value = Maps.masked((Map<String, ?>) m);
            }
            out.add(component.getName() + "=" + value);
        }
        return out.toString();
    }
}
