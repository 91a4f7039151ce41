package dev.p2pshare.tracker;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.util.Map;
import java.util.Objects;

/**
 * What a tracker announces about itself on the LAN, over DNS-SD on multicast DNS: a service of
 * type {@value #SERVICE_TYPE} whose SRV record gives the port and whose TXT record holds
 * {@code id=<64 hex digits>} (the id the tracker proves) and {@code v=<protocol version>}. An
 * announcement is a hint only: whoever connects still checks the id the tracker proves over TLS.
 *
 * @param name the DNS-SD instance name, which tells announcements apart on the LAN
 * @param endpoint where the tracker listens
 * @param id the id the tracker says it proves
 * @param version the protocol version the tracker speaks
 */
public record LanAnnouncement(String name, Endpoint endpoint, NodeId id, int version) {

    /** The DNS-SD service type every tracker announces. */
    public static final String SERVICE_TYPE = "_p2pshare._tcp.local.";

    /** The TXT key of the tracker's id. */
    public static final String ID_KEY = "id";

    /** The TXT key of the protocol version. */
    public static final String VERSION_KEY = "v";

    public LanAnnouncement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(id, "id");
        if (version < 1) {
            throw new IllegalArgumentException("a protocol version is 1 or more, not " + version);
        }
    }

    /**
     * The announcement of the service {@code name} at {@code endpoint} with the TXT record {@code txt}.
     *
     * @throws IllegalArgumentException if the TXT record lacks a key or holds a malformed value, saying which
     */
    public static LanAnnouncement of(String name, Endpoint endpoint, Map<String, String> txt) {
        String id = txt.get(ID_KEY);
        String version = txt.get(VERSION_KEY);
        if (id == null || version == null) {
            throw new IllegalArgumentException("the TXT record of " + name + " lacks '" + (id == null ? ID_KEY
                    : VERSION_KEY) + "'");
        }
        try {
            return new LanAnnouncement(name, endpoint, NodeId.of(id), Integer.parseInt(version));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the TXT record of " + name + " is malformed: " + e.getMessage(), e);
        }
    }

    /** The instance name a tracker with the id {@code id} announces itself under. */
    static String instanceName(NodeId id) {
        return "p2pshare tracker " + id.shortHex();
    }

    /** The TXT record a tracker with the id {@code id} announces. */
    static Map<String, String> txt(NodeId id) {
        return Map.of(ID_KEY, id.hex(), VERSION_KEY, String.valueOf(dev.p2pshare.protocol.Message.VERSION));
    }

    /** Whether this tracker's id sorts before {@code other}'s: the rule that picks one of two trackers. */
    public boolean idBefore(NodeId other) {
        return id.hex().compareTo(other.hex()) < 0;
    }
}
