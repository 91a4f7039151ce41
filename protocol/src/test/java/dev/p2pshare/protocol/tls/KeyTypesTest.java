package dev.p2pshare.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keys a node other than the reference one may use: every key type PROTOCOL.md lists is
 * accepted from a client, which proves the id its self-signed certificate hashes to.
 */
@Timeout(60)
class KeyTypesTest {

    static Stream<Arguments> keyTypes() {
        return Stream.of(
                Arguments.of("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA"),
                Arguments.of("EC", new ECGenParameterSpec("secp384r1"), "SHA384withECDSA"),
                Arguments.of("EC", new ECGenParameterSpec("secp521r1"), "SHA512withECDSA"),
                Arguments.of("RSA", null, "SHA256withRSA"),
                Arguments.of("Ed25519", null, "Ed25519"),
                Arguments.of("Ed448", null, "Ed448"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("keyTypes")
    void clientWithASelfSignedCertificateOfThisKeyTypeIsServedUnderItsId(String algorithm,
            AlgorithmParameterSpec parameters, String signature) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameters != null) {
            generator.initialize(parameters);
        } else if (algorithm.equals("RSA")) {
            generator.initialize(2048);
        }
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = selfSigned(pair, signature);
        List<Optional<NodeId>> clientsSeen = new CopyOnWriteArrayList<>();
        Transport transport = Transport.tls(new TlsLayer(NodeIdentity.generate("server")));
        ConnectionServer server = ConnectionServer.start("keys", transport, InetAddress.getLoopbackAddress(), 0, 4,
                socket -> {
                    clientsSeen.add(Transport.remoteId(socket));
                    try {
                        socket.getOutputStream().write(socket.getInputStream().read() + 1);
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, failure -> { });
        try (SSLSocket socket = (SSLSocket) clientContext(pair, certificate).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setEnabledProtocols(new String[] {TlsLayer.PROTOCOL});
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(41);
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        } finally {
            server.close();
        }
        assertThat(clientsSeen).containsExactly(Optional.of(NodeIdentity.idOf(certificate)));
    }

    private static SSLContext clientContext(KeyPair pair, X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("node", pair.getPrivate(), password, new Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance(TlsLayer.PROTOCOL);
        context.init(keys.getKeyManagers(), new TrustManager[] {new SelfSignedTrust()}, new SecureRandom());
        return context;
    }

    private static X509Certificate selfSigned(KeyPair pair, String signature) throws Exception {
        X500Name name = new X500Name("CN=other implementation");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(signature)
                .build(pair.getPrivate())));
    }
}
