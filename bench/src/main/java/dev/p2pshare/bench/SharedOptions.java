package dev.p2pshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options every benchmark takes: where files go, which build runs, and on which Java. */
final class SharedOptions {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where files go; its file system is part of what is measured "
                    + "(default: bench/target/work in --project, on the disk where users' folders are).")
    private Path directory;

    @Option(names = "--tmpfs",
            description = "Put files in memory, in /dev/shm/p2pshare-bench, instead of on disk: "
                    + "no disk in what is measured, and the results say so.")
    private boolean inMemory;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The p2pshare checkout whose tracker/target/tracker.jar and peer/target/peer.jar run "
                    + "(default: the current directory).")
    private Path project;

    @Option(names = "--java", paramLabel = "PATH",
            description = "The java launcher for the p2pshare jars (default: the one running this).")
    private Path java;

    /** The workspace in --dir, else in memory with --tmpfs, else on disk in the checkout. */
    Workspace workspace() throws IOException {
        if (directory != null) {
            return new Workspace(directory);
        }
        if (inMemory) {
            Path shared = Path.of("/dev/shm");
            if (!Files.isDirectory(shared)) {
                throw new IOException("--tmpfs needs /dev/shm, which this machine does not have: pass --dir instead");
            }
            return new Workspace(shared.resolve("p2pshare-bench"));
        }
        return new Workspace(project.resolve("bench").resolve("target").resolve("work"));
    }

    /**
     * The launcher script of --project, {@code p2pshare}, as an absolute path.
     *
     * @throws CommandLine.ParameterException if the checkout has none
     */
    Path launcher(CommandSpec spec) {
        Path launcher = project.resolve("p2pshare").toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) {
            throw new CommandLine.ParameterException(spec.commandLine(), launcher + " is missing or not executable: "
                    + "point --project to a checkout that has the launcher");
        }
        return launcher;
    }

    /** The jars of --project, run with --java. */
    P2pshareSwarm.Jars jars(CommandSpec spec) {
        return jars(spec, "p2pshare", project);
    }

    /**
     * The jars of {@code checkout}, run with --java, called {@code name} in the results.
     *
     * @throws CommandLine.ParameterException if a jar is missing, saying how to build it
     */
    P2pshareSwarm.Jars jars(CommandSpec spec, String name, Path checkout) {
        try {
            return P2pshareSwarm.Jars.in(name, checkout, java);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
