package dev.p2pshare.peer.cli;

import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Limits;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name a peer goes by when none is given: this host's name and the shared folder's, such as
 * {@code laptop-Downloads}, so that two peers on one machine are told apart.
 */
final class DefaultPeerName {

    private DefaultPeerName() {
    }

    /** The default name for a peer sharing {@code folder}, always a valid peer name. */
    static String forFolder(Path folder) {
        Path folderName = folder.toAbsolutePath().normalize().getFileName();
        String host = hostName();
        String name = folderName == null ? host : host + "-" + folderName;
        name = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.length() > Limits.MAX_PEER_NAME_CHARS) {
            name = name.substring(0, Limits.MAX_PEER_NAME_CHARS).strip();
        }
        try {
            return FileNames.requirePeerName(name);
        } catch (IllegalArgumentException unusable) {
            // A host or folder name that no peer name may hold; a plain name serves, --name gives a better one.
            return "peer";
        }
    }

    /**
     * This host's name, without a network lookup where the system can say it locally: a lookup
     * can hang for seconds on a machine without working name resolution.
     */
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            Path etcHostname = Path.of("/etc/hostname");
            if (Files.isReadable(etcHostname)) {
                String content = Files.readString(etcHostname, StandardCharsets.UTF_8).strip();
                if (!content.isEmpty()) {
                    return content;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            // No host name to be had; the folder's name still tells peers apart.
            return "peer";
        }
    }
}
