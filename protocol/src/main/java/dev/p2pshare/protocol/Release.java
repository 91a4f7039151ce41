package dev.p2pshare.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Which release of p2pshare this is, as the build recorded it. */
public final class Release {

    private static final String VERSION = load();

    private Release() {
    }

    /** The release version, such as {@code 0.1.0}. */
    public static String version() {
        return VERSION;
    }

    /** The protocol version this software speaks, {@link Message#VERSION}. */
    public static int protocolVersion() {
        return Message.VERSION;
    }

    /** How this software names itself in {@code hello} and {@code welcome}: {@code p2pshare/VERSION}. */
    public static String agent() {
        return "p2pshare/" + VERSION;
    }

    private static String load() {
        try (InputStream in = Release.class.getResourceAsStream("release.properties")) {
            if (in == null) {
                throw new IllegalStateException("release.properties is missing from the protocol module");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read release.properties", e);
        }
    }
}
