package dev.p2pshare.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks' entry point: {@code bench SCENARIO [OPTIONS]}, one subcommand per benchmark.
 * Exits 0 when every run succeeded, 1 when one failed, 2 on an invalid command line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "p2pshare bench 0.1.0",
        usageHelpAutoWidth = true, subcommands = {TransferCommand.class, SwarmCommand.class, TrackerCommand.class, ClusterCommand.class, IndexCommand.class, StartupCommand.class, CompareCommand.class, CommandLine.HelpCommand.class},
        description = {
            "Benchmarks of p2pshare that run its real jars as processes on this machine's loopback, side by "
                    + "side with other tools doing the same job. 'bench/run' installs those tools, builds the jars "
                    + "and runs this.",
            ""
        })
final class BenchMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new BenchMain());
        command.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println("bench: " + exception.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        command.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("bench: " + exception.getMessage());
            return 1;
        });
        System.exit(command.execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: transfer, swarm, tracker, cluster, index, startup or compare");
    }
}
