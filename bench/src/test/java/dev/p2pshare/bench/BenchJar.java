package dev.p2pshare.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bench jar as the build made it, started as a process the way a user runs it. */
final class BenchJar {

    private BenchJar() {
    }

    /** {@code java -jar bench.jar ARGS}, with the launcher of the JVM running the tests. */
    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("p2pshare.bench.jar")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Runs {@code bench ARGS} on the checkout being built, with nothing on its standard input. */
    static Process startOnThisCheckout(Path out, Path err, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--project", System.getProperty("p2pshare.project")));
        Process bench = command(all.toArray(String[]::new)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        bench.getOutputStream().close();
        return bench;
    }
}
