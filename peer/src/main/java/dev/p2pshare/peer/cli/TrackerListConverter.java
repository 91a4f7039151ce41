package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.net.TrackerAddress;
import java.util.List;
import picocli.CommandLine;

/**
 * Parses one {@code --tracker} value: {@code HOST:PORT[#ID]}, or several separated by commas. Not
 * picocli's own splitting, which would let an empty entry at the end pass unnoticed.
 */
final class TrackerListConverter implements CommandLine.ITypeConverter<TrackerListConverter.TrackerList> {

    /** The trackers one {@code --tracker} value names, in its order. */
    record TrackerList(List<TrackerAddress> trackers) {
        TrackerList {
            trackers = List.copyOf(trackers);
        }
    }

    @Override
    public TrackerList convert(String value) {
        try {
            return new TrackerList(TrackerAddress.parseList(value));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
