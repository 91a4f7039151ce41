package dev.p2pshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The TLS ceiling: the file copied over one TLS 1.3 connection, set up as p2pshare sets up its
 * own, between two JVMs on the p2pshare jars' Java, straight into a file, with no protocol and no
 * hashing ({@link TlsCopyEnds}). Like p2pshare with its peers running, the clock starts when the
 * receiver, already started, is told to go, and stops when it has every byte.
 *
 * <p>Two ways: between fresh JVMs, as p2pshare's peers are in a benchmark run; or between JVMs
 * that copied the file twice before the timed copy, so that their code is compiled: what the
 * machine can do once warm. And into one of two places: the file, as a download must; or
 * nowhere, the bytes read and dropped, which is what TLS alone costs.
 */
final class TlsCopy implements Contender {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Workspace workspace;
    private final Path data;
    private final Path java;
    private final Duration timeout;
    private final boolean warm;
    private final boolean discard;

    /**
     * @param warm whether the JVMs copy the file twice before the timed copy
     * @param discard whether the receiver drops the bytes rather than writing them to a file
     */
    TlsCopy(Workspace workspace, Path data, Path java, Duration timeout, boolean warm, boolean discard) {
        this.workspace = workspace;
        this.data = data;
        this.java = java;
        this.timeout = timeout;
        this.warm = warm;
        this.discard = discard;
    }

    @Override
    public String label() {
        return (warm ? "TLS socket copy, JVMs warmed by two copies first" : "TLS socket copy between two fresh JVMs")
                + (discard ? ", bytes dropped" : ", into a file") + ": no protocol, no hashing";
    }

    @Override
    public String shortName() {
        return (warm ? "warm TLS copy" : "TLS copy") + (discard ? ", dropped" : "");
    }

    @Override
    public Measurement run(String run) throws IOException {
        Path logs = workspace.logFolder(run);
        Path target = workspace.emptyFolder("tls-copy/receiver").resolve(Workspace.FILE_NAME);
        List<ChildProcess> started = new ArrayList<>();
        try {
            int passes = warm ? 3 : 1;
            ChildProcess sender = ChildProcess.start("sender", end("send", data.toString(), String.valueOf(passes)),
                    workspace.root(), logs);
            started.add(sender);
            int port = RunningTracker.portIn(sender.awaitLine(RunningTracker.LISTENING.asPredicate(), STARTUP).text());
            long size = Files.size(data);
            ChildProcess receiver = ChildProcess.start("receiver", end("receive", String.valueOf(port),
                    discard ? TlsCopyEnds.DISCARD : target.toString(),
                    String.valueOf(size), String.valueOf(passes)), workspace.root(), logs);
            started.add(receiver);
            receiver.awaitLine("ready"::equals, STARTUP);
            long startNanos = 0;
            long endNanos = 0;
            OptionalDouble cpuBefore = OptionalDouble.empty();
            for (int pass = 1; pass <= passes; pass++) {
                if (pass == passes) {
                    Workspace.warm(data);
                    cpuBefore = ChildProcess.cpuSeconds(started);
                }
                startNanos = System.nanoTime();
                receiver.send("go");
                endNanos = receiver.awaitLine(line -> line.startsWith("received "), startNanos, timeout).nanos();
            }
            OptionalDouble cpu = ChildProcess.cpuSince(cpuBefore, started);
            for (ChildProcess end : started) {
                int exit = end.awaitExit(STARTUP);
                if (exit != 0) {
                    throw new IOException("the TLS copy's " + end.label() + " exited with " + exit + "; see " + logs);
                }
            }
            if (!discard) {
                Workspace.requireSameBytes(data, target);
                Workspace.empty(target.getParent());
            }
            return new Measurement((endNanos - startNanos) / 1e9, cpu);
        } finally {
            Collections.reverse(started);
            started.forEach(ChildProcess::close);
        }
    }

    /** The command running one end: this benchmark's own jar, on the launcher p2pshare runs on. */
    private List<String> end(String... args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", OwnJar.path().toString(),
                TlsCopyEnds.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
