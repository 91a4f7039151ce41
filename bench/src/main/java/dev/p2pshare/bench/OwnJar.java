package dev.p2pshare.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the bench's own jar is, for benchmarks that run a program of it in a JVM of its own. */
final class OwnJar {

    private OwnJar() {
    }

    static Path path() {
        try {
            return Path.of(OwnJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the bench's own jar has no file path", e);
        }
    }
}
