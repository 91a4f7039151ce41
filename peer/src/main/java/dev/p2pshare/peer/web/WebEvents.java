package dev.p2pshare.peer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerNotices;
import dev.p2pshare.peer.RecentLog;
import dev.p2pshare.peer.view.Json;
import dev.p2pshare.peer.view.NoticeView;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server-sent event streams of the open pages: the peer's state every second, each notice
 * (text, offer, peer joined or left) and log line as it comes, and the end of each download the
 * page started. Keeps the last {@value #NOTICES_KEPT} notices for pages opened later.
 */
final class WebEvents implements Closeable {

    /** How many notices a page opened later still sees. */
    static final int NOTICES_KEPT = 200;

    /** How many events wait for one page at most; a page further behind is let go. */
    static final int WAITING_PER_PAGE = 1000;

    /** A closed page's last event: wakes its writer so that it ends. */
    private static final byte[] END = new byte[0];

    /**
     * One open page's stream: the events waiting for it, written by the thread that serves the
     * page, so that whoever makes an event never waits for a page that does not read.
     */
    private record Page(OutputStream out, BlockingQueue<byte[]> waiting) {
        void close() {
            waiting.clear();
            waiting.offer(END);
        }
    }

    private final Peer peer;
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private final Deque<NoticeView> notices = new ArrayDeque<>();
    private final ScheduledExecutorService timer = ConnectionThreads.timer("web-events");
    private PeerNotices.Listening listening;

    private WebEvents(Peer peer) {
        this.peer = peer;
    }

    /** Starts following {@code peer}'s notices and {@code log}, and sending the state every second. */
    static WebEvents start(Peer peer, RecentLog log) {
        WebEvents events = new WebEvents(peer);
        events.listening = peer.messaging().notices().listen(notice -> events.notice(NoticeView.of(notice)));
        log.listen(line -> events.send("log", Map.of("line", line)));
        events.timer.scheduleWithFixedDelay(events::sendState, 1, 1, TimeUnit.SECONDS);
        return events;
    }

    /** The notices kept, oldest first. */
    synchronized List<NoticeView> notices() {
        return new ArrayList<>(notices);
    }

    /**
     * Streams events to the page that opened {@code exchange} until it goes away or the server
     * stops; blocks meanwhile.
     */
    void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        Page page = new Page(exchange.getResponseBody(), new ArrayBlockingQueue<>(WAITING_PER_PAGE + 1));
        page.waiting().offer(event("state", PageState.of(peer)));
        pages.add(page);
        try {
            byte[] event;
            while ((event = page.waiting().take()) != END) {
                page.out().write(event);
                page.out().flush();
            }
        } catch (IOException gone) {
            // The page was closed or reloaded: its stream ends here.
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pages.remove(page);
        }
    }

    /** Sends {@code data} as event {@code name} to every open page. */
    void send(String name, Object data) {
        byte[] event = event(name, data);
        for (Page page : pages) {
            if (!page.waiting().offer(event)) {
                // Too far behind to catch up: the page reconnects and starts from the state.
                page.close();
            }
        }
    }

    private void notice(NoticeView notice) {
        synchronized (this) {
            if (notices.size() == NOTICES_KEPT) {
                notices.removeFirst();
            }
            notices.addLast(notice);
        }
        send("notice", notice);
    }

    private void sendState() {
        if (!pages.isEmpty()) {
            send("state", PageState.of(peer));
        }
    }

    private static byte[] event(String name, Object data) {
        try {
            return ("event: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (listening != null) {
            listening.close();
        }
        pages.forEach(Page::close);
    }
}
