package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.protocol.SearchHit;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * What Tab completes in the interactive shell: the first word to a command, the word after
 * {@code help} to a command, the word after {@code get} to {@code #N} or a file's short id from
 * the last search, each shown with the file's name, and the word after {@code cancel} to a running
 * download's name, the word after {@code msg} and {@code ping} to the name of a peer known to be
 * online, the word after {@code offer} to a shared file's short id, shown with its name, and the
 * word after {@code limit} to {@code up} or {@code down}.
 */
final class ShellCompleter implements Completer {

    private final Set<String> commands;
    private final Supplier<List<SearchHit>> lastHits;
    private final Supplier<List<String>> downloading;
    private final Supplier<List<String>> peerNames;
    private final Supplier<List<SharedFile>> shared;

    /**
     * @param commands the shell's command names
     * @param lastHits the hits of the last search, read at each completion
     * @param downloading the names of the downloads running in the background, read at each completion
     * @param peerNames the names of the peers known to be online, read at each completion
     * @param shared the files this peer shares, read at each completion
     */
    ShellCompleter(Set<String> commands, Supplier<List<SearchHit>> lastHits, Supplier<List<String>> downloading,
            Supplier<List<String>> peerNames, Supplier<List<SharedFile>> shared) {
        this.commands = Set.copyOf(commands);
        this.lastHits = lastHits;
        this.downloading = downloading;
        this.peerNames = peerNames;
        this.shared = shared;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        int word = line.wordIndex();
        if (word == 0) {
            commands.stream().sorted().forEach(command -> candidates.add(new Candidate(command)));
            return;
        }
        String command = line.words().get(0);
        if (word == 1 && command.equals("cancel")) {
            downloading.get().forEach(name -> candidates.add(new Candidate(name)));
        } else if (word == 1 && (command.equals("msg") || command.equals("ping"))) {
            peerNames.get().forEach(name -> candidates.add(new Candidate(name)));
        } else if (word == 1 && command.equals("offer")) {
            for (SharedFile file : shared.get()) {
                candidates.add(new Candidate(file.id().shortHex(), file.id().shortHex(), "shared", file.name(), null,
                        null, true));
            }
        } else if (word == 1 && command.equals("limit")) {
            candidates.add(new Candidate("up"));
            candidates.add(new Candidate("down"));
        } else if (word == 1 && command.equals("help")) {
            commands.stream().sorted().forEach(name -> candidates.add(new Candidate(name)));
        } else if (word == 1 && command.equals("get")) {
            List<SearchHit> hits = lastHits.get();
            for (int i = 0; i < hits.size(); i++) {
                SearchHit hit = hits.get(i);
                candidates.add(new Candidate("#" + (i + 1), "#" + (i + 1), "last search", hit.name(), null, null, true));
                candidates.add(new Candidate(hit.id().shortHex(), hit.id().shortHex(), "last search", hit.name(), null,
                        null, true));
            }
        }
    }
}
