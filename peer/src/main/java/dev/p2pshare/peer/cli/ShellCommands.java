package dev.p2pshare.peer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The shell's command set: one {@link CommandLine} that every line typed or piped goes through. */
@Command(name = "",
        synopsisHeading = "",
        customSynopsis = "Type a command and its arguments; 'help COMMAND' explains one.",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Names with spaces need no quotes in get, share and search, nor texts in msg and broadcast;"
                + " quotes work too.",
            "Texts, offers and who joins or leaves show as they arrive.",
            "Piped input runs one command per line (lines starting with # are skipped)."})
final class ShellCommands implements Runnable {

    @Override
    public void run() {
        // An empty line reaches no subcommand and does nothing.
    }

    /** The command line for {@code context}, with every command and the help command. */
    static CommandLine create(ShellContext context) {
        return new CommandLine(new ShellCommands())
                .addSubcommand(new FilesCommand(context))
                .addSubcommand(new PeersCommand(context))
                .addSubcommand(new SearchCommand(context))
                .addSubcommand(new GetCommand(context))
                .addSubcommand(new CancelCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new ShareCommand(context))
                .addSubcommand(new MsgCommand(context))
                .addSubcommand(new BroadcastCommand(context))
                .addSubcommand(new PingCommand(context))
                .addSubcommand(new OfferCommand(context))
                .addSubcommand(new LimitCommand(context))
                .addSubcommand("help", new CommandLine.HelpCommand())
                .addSubcommand(new QuitCommand(context));
    }
}
