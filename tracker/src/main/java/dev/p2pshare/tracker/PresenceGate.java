package dev.p2pshare.tracker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, network-wide, which joins and leaves are told to the watching sessions one by one, and
 * counts the rest, so that ten thousand peers starting or stopping together cost each watching
 * session a summary a second rather than a notice each.
 *
 * <p>Joins and leaves are counted together in intervals of {@link #INTERVAL}; an interval starts
 * with the first change after the previous one ended. Within one, the first
 * {@link #toldPerInterval(int)} changes are told; the rest are held until {@link #takeHeld()}.
 * Every call is a few arithmetic steps under this object's lock, whatever the number of peers.
 * Thread-safe.
 */
final class PresenceGate {

    /** How long the tracker counts joins and leaves before it tells them afresh. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** How many changes are told one by one in an interval at most, however few peers watch. */
    static final int MOST_TOLD_PER_INTERVAL = 20;

    /** How many notices the changes told one by one may cost in an interval: each costs one per peer online. */
    static final int NOTICES_PER_INTERVAL = 10_000;

    /** What a change comes to. */
    enum Verdict {
        /** Tell it one by one. */
        TELL,
        /** Counted, for the summary already due. */
        HOLD,
        /** Counted, the first since the last summary: a summary is due one interval from now. */
        HOLD_FIRST
    }

    /** The changes held since the last summary; not both 0. */
    record Held(int joined, int left) {
    }

    private final Clock clock;
    private Instant intervalEnds;
    private int told;
    private int heldJoined;
    private int heldLeft;

    PresenceGate(Clock clock) {
        this.clock = clock;
    }

    /**
     * How many changes are told one by one in an interval with {@code online} peers online:
     * {@value #MOST_TOLD_PER_INTERVAL}, or fewer so that they cost at most
     * {@value #NOTICES_PER_INTERVAL} notices, but at least 1.
     */
    static int toldPerInterval(int online) {
        return Math.min(MOST_TOLD_PER_INTERVAL, Math.max(1, NOTICES_PER_INTERVAL / Math.max(1, online)));
    }

    /** A peer joined ({@code joined}) or left, with {@code online} peers online now: is it told? */
    synchronized Verdict change(boolean joined, int online) {
        Instant now = clock.instant();
        if (intervalEnds == null || !now.isBefore(intervalEnds)) {
            intervalEnds = now.plus(INTERVAL);
            told = 0;
        }
        if (told < toldPerInterval(online)) {
            told++;
            return Verdict.TELL;
        }
        boolean first = heldJoined == 0 && heldLeft == 0;
        if (joined) {
            heldJoined++;
        } else {
            heldLeft++;
        }
        return first ? Verdict.HOLD_FIRST : Verdict.HOLD;
    }

    /** The changes held since the last call, which starts counting afresh; empty if none were. */
    synchronized Optional<Held> takeHeld() {
        if (heldJoined == 0 && heldLeft == 0) {
            return Optional.empty();
        }
        Held held = new Held(heldJoined, heldLeft);
        heldJoined = 0;
        heldLeft = 0;
        return Optional.of(held);
    }
}
