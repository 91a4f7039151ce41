package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that trickles its hello a byte at a time, never silent long enough for a read timeout:
 * it is cut off when the hello deadline is up in all, and others are served while it trickles.
 */
@Timeout(60)
class SlowlorisAttackTest extends TrackerUnderAttack {

    @Test
    void helloTrickledByteByByteIsCutOffAtTheDeadline() throws Exception {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        new FrameWriter(hello).send(new Message.Hello(Message.VERSION, "slowloris"));
        byte[] bytes = hello.toByteArray();
        // At this pace the whole hello would take far longer than the tracker's deadline.
        Duration pause = Tracker.HANDSHAKE_TIMEOUT.multipliedBy(3).dividedBy(bytes.length);

        try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
            long start = System.nanoTime();
            CompletableFuture<Optional<Message>> cutOff = CompletableFuture.supplyAsync(() -> {
                try {
                    return attacker.receiveUnlessClosed();
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> trickle(attacker, bytes, pause, cutOff));

            assertHonestPeersAreStillServed();
            assertThat(cutOff.get(Tracker.HANDSHAKE_TIMEOUT.toSeconds() + 20, TimeUnit.SECONDS))
                    .as("what the trickling client reads").isEmpty();
            Duration held = Duration.ofNanos(System.nanoTime() - start);
            assertThat(held).isBetween(Tracker.HANDSHAKE_TIMEOUT.minusSeconds(1), Tracker.HANDSHAKE_TIMEOUT.plusSeconds(10));
            trickle.get(20, TimeUnit.SECONDS);
        }
        assertHonestPeersAreStillServed();
    }

    /** Sends {@code bytes} one at a time, {@code pause} apart, until done or cut off. */
    private static void trickle(TrackerClient attacker, byte[] bytes, Duration pause, CompletableFuture<?> cutOff) {
        for (byte b : bytes) {
            if (cutOff.isDone()) {
                return;
            }
            try {
                attacker.sendRaw(new byte[] {b});
                // The pace of the attack itself, not a wait for anything.
                Thread.sleep(pause.toMillis());
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
