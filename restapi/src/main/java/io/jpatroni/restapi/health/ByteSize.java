package io.jpatroni.restapi.health;

import java.util.OptionalLong;

/** Parses Patroni byte sizes: {@code 1048576}, {@code 16kB}, {@code 64MB}, {@code 1GB}, {@code 1TB}, {@code 10B}. */
final class ByteSize {
    private ByteSize() {
    }

    static OptionalLong parse(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String v = value.strip();
        int end = 0;
        if (end < v.length() && (v.charAt(end) == '-' || v.charAt(end) == '+')) {
            end++;
        }
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end == 0 || !Character.isDigit(v.charAt(end - 1))) {
            return OptionalLong.empty();
        }
        long multiplier = switch (v.substring(end).strip()) {
            case "", "B" -> 1L;
            case "kB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> -1L;
        };
        if (multiplier < 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(v.substring(0, end)), multiplier));
        } catch (ArithmeticException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
