package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The heading of a benchmark's results: when, on what machine, with which Java, on which file system. */
final class RunSetting {

    private RunSetting() {
    }

    /** Prints the heading as Markdown; {@code java} is the launcher the measured programs run on. */
    static void print(PrintWriter out, Workspace workspace, Path java) throws IOException {
        out.printf("## Run of %s%n%n", ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        out.printf("- %d CPUs, %s %s; p2pshare on %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), javaVersion(java, workspace));
        out.printf("- files in %s (%s)%n%n", workspace.root(), Files.getFileStore(workspace.root()).type());
        out.flush();
    }

    private static String javaVersion(Path java, Workspace workspace) throws IOException {
        Path logs = workspace.logFolder("setup-java");
        try (ChildProcess version = ChildProcess.start("java-version", List.of(java.toString(), "-version"),
                workspace.root(), logs)) {
            version.awaitExit(Duration.ofSeconds(30));
            version.awaitEndOfOutput(Duration.ofSeconds(30));
            return version.lines().stream().map(ChildProcess.Line::text).filter(text -> text.contains("Runtime"))
                    .findFirst().orElse(java.toString());
        }
    }
}
