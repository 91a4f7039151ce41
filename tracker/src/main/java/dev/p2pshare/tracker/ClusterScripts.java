package dev.p2pshare.tracker;

import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Lua scripts every change to the shared store goes through, each run atomically by the store.
 * Their text is in {@code cluster/*.lua} beside this class, where each says what it takes; each is
 * loaded after {@code cluster/prelude.lua}, which holds what several need.
 */
enum ClusterScripts {
    REGISTER("register"),
    CHANGE("change"),
    END("end"),
    ROSTER("roster"),
    LEASE("lease"),
    REAP("reap");

    private final String text;

    ClusterScripts(String name) {
        this.text = read("prelude") + read(name);
    }

    private static String read(String name) {
        try (InputStream in = ClusterScripts.class.getResourceAsStream("cluster/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("the script cluster/" + name + ".lua is missing from the tracker");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script cluster/" + name + ".lua", e);
        }
    }

    /**
     * Loads every script into the store, which keeps them until it restarts, and returns each one's
     * digest, by which it is run.
     */
    static Map<ClusterScripts, String> load(RedisCommands<String, String> commands) {
        Map<ClusterScripts, String> digests = new EnumMap<>(ClusterScripts.class);
        for (ClusterScripts script : values()) {
            digests.put(script, commands.scriptLoad(script.text));
        }
        return digests;
    }
}
