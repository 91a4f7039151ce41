package dev.p2pshare.peer.view;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;

/** The one JSON mapper of the peer's front ends, so that the shell and the web page write views alike. */
public final class Json {

    /** Writes views and reads requests; thread-safe once configured, as here. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code view}'s fields, in order, as they would be written. */
    public static LinkedHashMap<String, Object> fields(Object view) {
        return MAPPER.convertValue(view, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
