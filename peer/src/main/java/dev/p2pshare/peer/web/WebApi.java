package dev.p2pshare.peer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.p2pshare.peer.BackgroundDownloads;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.peer.view.BroadcastView;
import dev.p2pshare.peer.view.CancelledView;
import dev.p2pshare.peer.view.DownloadEndedView;
import dev.p2pshare.peer.view.DownloadStartedView;
import dev.p2pshare.peer.view.Json;
import dev.p2pshare.peer.view.LimitsView;
import dev.p2pshare.peer.view.OfferView;
import dev.p2pshare.peer.view.PeerListView;
import dev.p2pshare.peer.view.PingView;
import dev.p2pshare.peer.view.SearchView;
import dev.p2pshare.peer.view.SentView;
import dev.p2pshare.peer.view.ShareView;
import dev.p2pshare.peer.view.SharedFileView;
import dev.p2pshare.peer.view.SharedFilesView;
import dev.p2pshare.peer.view.UnshareView;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page's JSON API, one request to one operation of the peer: the same operations the shell
 * runs. {@code docs/WEB.md} lists the requests and their answers. A refusal (no such file, no such
 * peer) is a 400 with an {@code error}; a failure to reach the tracker or a peer, a 502.
 */
final class WebApi {

    /** How many shared files {@code GET /api/files} looks up at the tracker at most. */
    static final int FILES_LOOKED_UP = 200;

    private final Peer peer;
    private final RecentLog log;
    private final WebEvents events;

    WebApi(Peer peer, RecentLog log, WebEvents events) {
        this.peer = peer;
        this.log = log;
        this.events = events;
    }

    /** Answers the request for {@code /api/} followed by {@code name}. */
    void handle(HttpExchange exchange, String name) throws IOException {
        String method = exchange.getRequestMethod();
        try {
            Object answer = switch (method + " " + name) {
                case "GET state" -> PageState.of(peer);
                case "GET peers" -> peers();
                case "GET files" -> files();
                case "GET search" -> search(Replies.query(exchange).getOrDefault("q", ""));
                case "GET messages" -> Map.of("notices", events.notices());
                case "GET log" -> Map.of("lines", log.lines());
                case "POST get" -> get(text(body(exchange), "target"));
                case "POST cancel" -> cancel(text(body(exchange), "target"));
                case "POST share" -> share(exchange);
                case "POST unshare" -> unshare(text(body(exchange), "file"));
                case "POST msg" -> msg(body(exchange));
                case "POST broadcast" ->
                        new BroadcastView(null, peer.messaging().broadcast(text(body(exchange), "text")));
                case "POST offer" -> new OfferView(null, peer.messaging().offer(text(body(exchange), "file")));
                case "POST ping" -> ping(text(body(exchange), "peer"));
                case "POST limits" -> limits(body(exchange));
                default -> null;
            };
            if (answer == null) {
                Replies.json(exchange, 404, Map.of("error", "there is no " + method + " /api/" + name));
                return;
            }
            Replies.json(exchange, 200, answer);
        } catch (PeerException | IllegalArgumentException e) {
            Replies.json(exchange, 400, Map.of("error", FailureReason.withFile(e)));
        } catch (IOException e) {
            Replies.json(exchange, 502, Map.of("error", FailureReason.withFile(e)));
        }
    }

    private PeerListView peers() throws IOException {
        return PeerListView.of(peer.messaging().peers(), peer.id());
    }

    /**
     * The shared files, each with how many other peers have it whole and in part, as the tracker
     * lists them. Only the first {@value #FILES_LOOKED_UP} are looked up: one request each.
     */
    private SharedFilesView files() throws IOException {
        List<SharedFileView> files = new ArrayList<>();
        for (SharedFile file : peer.sharing().files()) {
            SharedFileView one = SharedFileView.of(file);
            if (files.size() < FILES_LOOKED_UP) {
                List<SourceEntry> others = othersHaving(file);
                one = one.withOthers(others.stream().filter(SourceEntry::complete).count(),
                        others.stream().filter(source -> !source.complete()).count());
            }
            files.add(one);
        }
        return SharedFilesView.uncounted(files);
    }

    private List<SourceEntry> othersHaving(SharedFile file) throws IOException {
        try {
            return peer.fetching().resolve(file.id().hex(), List.of()).located().sources().stream()
                    .filter(source -> !source.peer().id().equals(peer.id())).toList();
        } catch (DownloadException notListedYet) {
            // Announced a moment ago, or the tracker was away: nobody else is known to have it.
            return List.of();
        }
    }

    private SearchView search(String query) throws IOException, PeerException {
        if (query.isBlank()) {
            throw new PeerException("type a word of the name to search for");
        }
        return SearchView.of(query, peer.fetching().search(query), false);
    }

    private DownloadStartedView get(String target) throws IOException, PeerException {
        DownloadTarget picked;
        try {
            picked = peer.fetching().resolve(target, List.of());
        } catch (DownloadException e) {
            throw new PeerException(e.getMessage() + whatToDo(e.remedy()), e);
        }
        boolean started = peer.fetching().background().start(picked, Optional.empty(), DownloadListener.NONE,
                this::ended);
        if (!started) {
            throw new PeerException(picked.name() + " is being downloaded already");
        }
        return new DownloadStartedView(picked.located().file().id().hex(), picked.name());
    }

    private void ended(BackgroundDownloads.Ending ending) {
        events.send("ended", DownloadEndedView.of(ending, whatToDo(ending.remedy())));
    }

    /** What to do after a failed download, in the page's words; empty if nothing. */
    static String whatToDo(DownloadException.Remedy remedy) {
        return switch (remedy) {
            case NONE -> "";
            case GET_AGAIN -> "; get it again to resume it";
            case FREE_SPACE_THEN_GET_AGAIN -> "; free some space, then get it again to resume it";
            case FREE_SPACE_THEN_GET -> "; free some space, then get it again";
            case SEARCH_FIRST -> "; the page picks a file by its name or id, not by a result number";
            case CHOOSE_ANOTHER_NAME -> "; the page saves a file under the name it is shared by, and cannot"
                    + " choose another";
        };
    }

    private CancelledView cancel(String target) throws PeerException {
        BackgroundDownloads.Running download = peer.fetching().background().cancel(target);
        return new CancelledView(download.id().hex(), download.name());
    }

    /** Shares the request's body as a file named by the {@code name} query parameter. */
    private ShareView share(HttpExchange exchange) throws IOException, PeerException {
        String name = Replies.query(exchange).getOrDefault("name", "");
        Optional<String> badName = FileNames.problem(name);
        if (badName.isPresent()) {
            throw new PeerException("cannot share a file named '" + name + "': " + badName.get());
        }
        Path upload = Files.createTempDirectory("p2pshare-upload");
        Path file = upload.resolve(name);
        try {
            try (InputStream body = exchange.getRequestBody()) {
                Files.copy(body, file);
            }
            SharedFile shared = peer.sharing().share(file);
            return new ShareView(null, shared.id().hex(), shared.name(), null, shared.size());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(upload);
        }
    }

    private UnshareView unshare(String file) throws IOException, PeerException {
        return new UnshareView(peer.sharing().stopSharing(file).toString());
    }

    private SentView msg(JsonNode body) throws IOException, PeerException {
        PeerEntry to = peer.messaging().sendText(text(body, "to"), text(body, "text"));
        return new SentView(to.name(), to.id().hex(), null);
    }

    private PingView ping(String reference) throws IOException, PeerException {
        return PingView.of(peer.diagnostics().ping(reference, 3));
    }

    /** Sets the limits the request names, {@code uploadLimit}, {@code downloadLimit} or both, in bytes per second. */
    private LimitsView limits(JsonNode body) throws PeerException {
        Optional<Long> upload = bytesPerSecond(body, "uploadLimit");
        Optional<Long> download = bytesPerSecond(body, "downloadLimit");
        if (upload.isEmpty() && download.isEmpty()) {
            throw new PeerException("the request needs 'uploadLimit', 'downloadLimit' or both: bytes per second,"
                    + " 0 for none");
        }
        upload.ifPresent(peer.rateLimits()::limitUploads);
        download.ifPresent(peer.rateLimits()::limitDownloads);
        return LimitsView.of(peer.rateLimits());
    }

    private static Optional<Long> bytesPerSecond(JsonNode body, String field) throws PeerException {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new PeerException("'" + field + "' is a whole number of bytes per second, 0 for none");
        }
        return Optional.of(value.asLong());
    }

    private static JsonNode body(HttpExchange exchange) throws IOException, PeerException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(64 * 1024 + 1);
            if (bytes.length > 64 * 1024) {
                throw new PeerException("the request is longer than 64 KiB");
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new PeerException("the request is not JSON: " + e.getOriginalMessage(), e);
            }
            if (body == null || !body.isObject()) {
                throw new PeerException("the request must be a JSON object");
            }
            return body;
        }
    }

    private static String text(JsonNode body, String field) throws PeerException {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new PeerException("the request needs '" + field + "': a non-empty string");
        }
        return value.asText();
    }
}
