package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.folder.FileStamp;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.SearchHit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class ShellCompleterTest {

    private static final Set<String> COMMANDS = Set.of("files", "get", "help", "search", "quit");

    private final List<SearchHit> hits = List.of(
            new SearchHit(FileId.of("ab".repeat(32)), "holiday.mp4", 10, 2, 0),
            new SearchHit(FileId.of("cd".repeat(32)), "notes.txt", 20, 1, 1));
    private final SharedFile song = sharedFile("song.flac", "la la la");
    private final ShellCompleter completer = new ShellCompleter(COMMANDS, () -> hits,
            () -> List.of("holiday.mp4", "big concert.flac"), () -> List.of("alice", "bob"), () -> List.of(song));

    @Test
    void firstWordCompletesToCommands() {
        assertThat(values("se")).containsExactly("files", "get", "help", "quit", "search");
    }

    @Test
    void helpCompletesToCommands() {
        assertThat(values("help ")).contains("search", "get");
    }

    @Test
    void getCompletesToTheLastSearchsNumbersAndIdsWithTheirNames() {
        List<Candidate> candidates = complete("get ");
        assertThat(candidates).extracting(Candidate::value)
                .containsExactly("#1", "abababababab", "#2", "cdcdcdcdcdcd");
        assertThat(candidates).extracting(Candidate::descr)
                .containsExactly("holiday.mp4", "holiday.mp4", "notes.txt", "notes.txt");
    }

    @Test
    void cancelCompletesToTheRunningDownloads() {
        assertThat(values("cancel ")).containsExactly("holiday.mp4", "big concert.flac");
    }

    @Test
    void msgAndPingCompleteToThePeersKnownToBeOnline() {
        assertThat(values("msg ")).containsExactly("alice", "bob");
        assertThat(values("ping ")).containsExactly("alice", "bob");
        assertThat(complete("msg alice ")).isEmpty();
    }

    @Test
    void offerCompletesToTheSharedFilesIdsWithTheirNames() {
        List<Candidate> candidates = complete("offer ");
        assertThat(candidates).extracting(Candidate::value).containsExactly(song.id().shortHex());
        assertThat(candidates).extracting(Candidate::descr).containsExactly("song.flac");
    }

    @Test
    void limitCompletesToWhichLimit() {
        assertThat(values("limit ")).containsExactly("up", "down");
        assertThat(complete("limit up ")).isEmpty();
    }

    @Test
    void otherCommandsArgumentsCompleteToNothing() {
        assertThat(complete("search ")).isEmpty();
        assertThat(complete("get #1 ")).isEmpty();
    }

    private static SharedFile sharedFile(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Manifest manifest = new Manifest.Builder(bytes.length).addChunk(bytes, 0, bytes.length).build();
        return new SharedFile(manifest, name, Path.of(name), name, new FileStamp(bytes.length, 0, 0, 0, 0));
    }

    private List<String> values(String line) {
        return complete(line).stream().map(Candidate::value).toList();
    }

    private List<Candidate> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates;
    }
}
