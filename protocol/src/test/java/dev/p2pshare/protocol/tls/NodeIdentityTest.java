package dev.p2pshare.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Base64;
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
    void fileIsPemWithTheKeyAndTheCertificateWhoseHashIsTheId() throws Exception {
        NodeIdentity identity = NodeIdentity.loadOrCreate(state, "n");

        String pem = Files.readString(state.resolve(NodeIdentity.FILE_NAME), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").contains("-----END PRIVATE KEY-----\n")
                .contains("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        String certificate = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----\n") + 28,
                pem.indexOf("-----END CERTIFICATE-----"));
        byte[] der = Base64.getMimeDecoder().decode(certificate);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)))
                .isEqualTo(identity.id().hex());
    }

    @Test
    void identityAnEarlierVersionKeptIsReadOnceAndKeptAsPemWithTheSameId() throws Exception {
        NodeIdentity earlier = NodeIdentity.generate("old");
        Path legacy = state.resolve(NodeIdentity.EARLIER_FILE_NAME);
        writeAsEarlierVersionsDid(earlier, legacy);

        assertThat(NodeIdentity.loadOrCreate(state, "n").id()).isEqualTo(earlier.id());
        assertThat(state.resolve(NodeIdentity.FILE_NAME)).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(NodeIdentity.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(legacy).as("left for an earlier version to find").exists();
        Files.delete(legacy);
        assertThat(NodeIdentity.loadOrCreate(state, "n").id()).isEqualTo(earlier.id());
    }

    @Test
    void pemWithoutACertificateIsAnErrorThatSaysWhatToDo() throws Exception {
        NodeIdentity.loadOrCreate(state, "n");
        Path file = state.resolve(NodeIdentity.FILE_NAME);
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Files.writeString(file, pem.substring(0, pem.indexOf("-----BEGIN CERTIFICATE-----")));

        assertThatThrownBy(() -> NodeIdentity.loadOrCreate(state, "n")).isInstanceOf(IOException.class)
                .hasMessageContaining(NodeIdentity.FILE_NAME).hasMessageContaining("CERTIFICATE")
                .hasMessageContaining("move it away");
    }

    private static void writeAsEarlierVersionsDid(NodeIdentity identity, Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "p2pshare".toCharArray();
        store.setKeyEntry("node", identity.keyManager().getPrivateKey(NodeKeyManager.ALIAS), password,
                new Certificate[] {identity.certificate()});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
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
