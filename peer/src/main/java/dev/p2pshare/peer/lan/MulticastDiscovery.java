package dev.p2pshare.peer.lan;

import dev.p2pshare.tracker.LanBrowser;
import java.io.IOException;

/** The trackers announced on the LAN as multicast DNS hears them, through the tracker module's {@link LanBrowser}. */
public final class MulticastDiscovery implements TrackerDiscovery {

    private LanBrowser browser;

    @Override
    public synchronized void watch(LanBrowser.Listener listener) throws IOException {
        if (browser != null) {
            throw new IllegalStateException("already watching");
        }
        browser = LanBrowser.start(listener);
    }

    @Override
    public synchronized void close() {
        if (browser != null) {
            browser.close();
        }
    }
}
