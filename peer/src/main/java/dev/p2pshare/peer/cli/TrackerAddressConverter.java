package dev.p2pshare.peer.cli;

import picocli.CommandLine;

/** Parses the {@code --tracker HOST:PORT[#ID]} option. */
final class TrackerAddressConverter implements CommandLine.ITypeConverter<TrackerAddress> {

    @Override
    public TrackerAddress convert(String value) {
        try {
            return TrackerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
