package dev.p2pshare.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

    @TempDir
    Path state;

    @Test
    void firstStartCreatesAnOwnerOnlyIdentityThatLaterStartsLoad() throws Exception {
        NodeIdentity created = NodeIdentity.loadOrCreate(state.resolve("new"), "laptop");
        Path file = state.resolve("new").resolve(NodeIdentity.FILE_NAME);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        NodeIdentity loaded = NodeIdentity.loadOrCreate(state.resolve("new"), "another name");
        assertThat(loaded.id()).isEqualTo(created.id());
        assertThat(loaded.certificate()).isEqualTo(created.certificate());
        assertThat(created.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=laptop");
    }

    @Test
    void idIsTheSha256OfTheCertificate() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("n");

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded());
        assertThat(identity.id().hex()).isEqualTo(HexFormat.of().formatHex(digest));
        assertThat(NodeIdentity.generate("n").id()).isNotEqualTo(identity.id());
    }

    @Test
    void identityThatOthersCouldReadIsMadeOwnerOnlyAgain() throws Exception {
        NodeIdentity.loadOrCreate(state, "n");
        Path file = state.resolve(NodeIdentity.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        NodeIdentity.loadOrCreate(state, "n");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void damagedIdentityIsAnErrorThatSaysWhatToDoNotASilentNewIdentity() throws Exception {
        Files.write(state.resolve(NodeIdentity.FILE_NAME), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> NodeIdentity.loadOrCreate(state, "n")).isInstanceOf(IOException.class)
                .hasMessageContaining(NodeIdentity.FILE_NAME).hasMessageContaining("move it away");
    }

    @Test
    void idsAreShownGroupedAndReadBackAsPeopleCopyThem() {
        NodeId id = NodeId.of("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

        assertThat(id.grouped()).isEqualTo(
                "00112233-44556677-8899aabb-ccddeeff-00112233-44556677-8899aabb-ccddeeff");
        assertThat(NodeId.parse(id.grouped())).isEqualTo(id);
        assertThat(NodeId.parse(" " + id.grouped().toUpperCase().replace('-', ' ') + "\n")).isEqualTo(id);
        assertThatThrownBy(() -> NodeId.parse("0011-2233")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
    }
}
