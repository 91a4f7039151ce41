package dev.p2pshare.bench;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bench jar as the build made it, started as a process the way a user runs it. */
final class BenchJar {

    /** The jar the build made, which failsafe names. */
    static final Path JAR = JarProcess.jar("p2pshare.bench.jar");

    private BenchJar() {
    }

    /** Runs {@code bench ARGS} in {@code directory}, with nothing on its standard input. */
    static JarProcess start(Path directory, String... args) throws IOException {
        JarProcess bench = JarProcess.start(JAR, directory, args);
        bench.stdin().close();
        return bench;
    }

    /** Runs {@code bench ARGS} on the checkout being built, as {@link #start} does. */
    static JarProcess startOnThisCheckout(Path directory, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--project", System.getProperty("p2pshare.project")));
        return start(directory, all.toArray(String[]::new));
    }
}
