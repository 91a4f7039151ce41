package dev.p2pshare.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code swarm} benchmark: swarms of p2pshare peers timed against aria2 with opentracker and
 * against plain TCP copies, all on this machine's loopback, results printed as Markdown.
 */
@Command(name = "swarm", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Times swarms on loopback: seeders with a file and downloaders fetching it at the same moment, "
                    + "until every downloader has it, verified byte for byte. Every run starts every program afresh.",
            "",
            "Contenders: p2pshare (its tracker and peer jars, timed from 'get' with the peers running, and "
                    + "from their launch); aria2 with opentracker, 1 MiB pieces; and plain TCP copies, the ceiling. "
                    + "Their runs alternate, so that a noisy machine slows all of them alike.",
            "",
            "Results go to standard output as Markdown, progress to standard error.",
            ""
        })
final class SwarmCommand implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "SxD", split = ",", defaultValue = "1x4,3x1",
            description = "Seeders x downloaders, comma separated (default: ${DEFAULT-VALUE}).")
    private List<String> scenarios;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "Another p2pshare checkout, with its jars built, to time beside this one in every run "
                    + "(peers running), such as a build before a change.")
    private Path baseline;

    @Option(names = "--baseline-label", paramLabel = "TEXT", defaultValue = "baseline",
            description = "What the results call the --baseline build (default: ${DEFAULT-VALUE}).")
    private String baselineLabel;

    @Option(names = "--no-aria2", description = "Leave aria2 out.")
    private boolean noAria2;

    @Option(names = "--aria2-file-allocation", paramLabel = "MODE", defaultValue = "none",
            description = "aria2's --file-allocation (default: ${DEFAULT-VALUE}, no work before the download; "
                    + "falloc measured the same within noise on tmpfs; aria2's own default, prealloc, writes "
                    + "the file twice).")
    private String fileAllocation;

    @Mixin
    private TransferRunOptions run;

    @Mixin
    private SharedOptions shared;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        run.check(spec);
        List<Scenario> parsed = new ArrayList<>();
        for (String text : scenarios) {
            try {
                parsed.add(Scenario.parse(text));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        P2pshareSwarm.Jars jars = shared.jars(spec);
        Optional<P2pshareSwarm.Jars> baselineJars = baseline == null ? Optional.empty()
                : Optional.of(shared.jars(spec, "p2pshare " + baselineLabel, baseline));
        Duration timeout = run.timeout();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();

        Workspace workspace = shared.workspace();
        long size = run.sizeBytes();
        Path data = run.dataFile(workspace, progress);
        RunSetting.print(out, workspace, jars.java());

        for (Scenario scenario : parsed) {
            List<Contender> contenders = new ArrayList<>();
            contenders.add(new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_RUNNING,
                    timeout, false));
            contenders.add(new P2pshareSwarm(workspace, data, jars, scenario, P2pshareSwarm.Start.PEERS_LAUNCHED,
                    timeout, false));
            baselineJars.ifPresent(other -> contenders.add(new P2pshareSwarm(workspace, data, other, scenario,
                    P2pshareSwarm.Start.PEERS_RUNNING, timeout, false)));
            Optional<Contender> aria2 = Optional.empty();
            if (!noAria2) {
                aria2 = Optional.of(new Aria2Swarm(workspace, data, scenario, fileAllocation, timeout));
                contenders.add(aria2.get());
            }
            contenders.add(new PlainCopy(workspace, data, scenario));
            // Each run's downloads, and aria2's torrent, with a chunk of slack.
            workspace.requireRoom(size * scenario.downloaders() + size / 4);
            Results results = Rounds.run(scenario, size, contenders, run.runs(), progress);
            results.print(out, aria2.stream().toList());
        }
        return 0;
    }
}
