package dev.p2pshare.peer.cli;

import java.util.function.LongConsumer;
import org.slf4j.Logger;

/** Logs how far indexing the folder has got, at most every {@value #EVERY_SECONDS} seconds. */
final class IndexingProgress implements LongConsumer {

    private static final long EVERY_SECONDS = 5;

    private final Logger log;
    private long hashed;
    private long lastReport = System.nanoTime();

    IndexingProgress(Logger log) {
        this.log = log;
    }

    /** Counts {@code bytes} more hashed. */
    @Override
    public void accept(long bytes) {
        hashed += bytes;
        if (System.nanoTime() - lastReport > EVERY_SECONDS * 1_000_000_000L) {
            lastReport = System.nanoTime();
            log.info("indexing the folder: {} hashed so far", Units.bytes(hashed));
        }
    }
}
