package dev.p2pshare.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of a Redis {@code INFO} reply: {@code name:value} lines, grouped under
 * {@code # Section} headings that are not kept. Immutable.
 */
record RedisInfo(Map<String, String> fields) {

    RedisInfo {
        fields = Map.copyOf(fields);
    }

    /** Reads the text of an {@code INFO} reply; lines without a colon (headings, blank lines) are skipped. */
    static RedisInfo parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new RedisInfo(fields);
    }

    /**
     * Field {@code name} as a whole number.
     *
     * @throws IllegalStateException if the reply has no such field, or not a number in it
     */
    long number(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("redis-server's INFO has no " + name);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("redis-server's INFO has " + name + ":" + value + ", not a number", e);
        }
    }
}
