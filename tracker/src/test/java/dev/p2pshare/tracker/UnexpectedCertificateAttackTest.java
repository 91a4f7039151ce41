package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS clients that present what no p2pshare node would: a certificate that claims to be
 * self-signed but was signed by another key, a chain instead of one certificate, or an offer of
 * TLS 1.2 or of a suite other than AES-GCM. Each fails its handshake before a single frame is
 * read, and the tracker goes on serving honest peers.
 */
@Timeout(60)
class UnexpectedCertificateAttackTest extends TrackerUnderAttack {

    private static final char[] PASSWORD = "attack".toCharArray();
    private static final String[] TLS_13 = {"TLSv1.3"};
    private static final String[] AES_GCM = {"TLS_AES_128_GCM_SHA256"};

    @Test
    void certificateSignedByAnotherKeyFailsTheHandshake() throws Exception {
        KeyPair own = keys();
        Certificate forged = certificate("CN=forged", own, "CN=forged", keys());

        assertRefusedInTheHandshake(attackerContext(own, forged), TLS_13, AES_GCM);
        assertHonestPeersAreStillServed();
    }

    @Test
    void certificateChainFailsTheHandshake() throws Exception {
        KeyPair authority = keys();
        KeyPair own = keys();
        Certificate leaf = certificate("CN=leaf", own, "CN=authority", authority);
        Certificate root = certificate("CN=authority", authority, "CN=authority", authority);

        assertRefusedInTheHandshake(attackerContext(own, leaf, root), TLS_13, AES_GCM);
        assertHonestPeersAreStillServed();
    }

    @Test
    void tls12IsRefused() throws Exception {
        KeyPair own = keys();
        Certificate honest = certificate("CN=old", own, "CN=old", own);

        assertRefusedInTheHandshake(attackerContext(own, honest), new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
        assertHonestPeersAreStillServed();
    }

    @Test
    void suiteOtherThanAesGcmIsRefused() throws Exception {
        KeyPair own = keys();
        Certificate honest = certificate("CN=chacha", own, "CN=chacha", own);

        assertRefusedInTheHandshake(attackerContext(own, honest), TLS_13, new String[] {"TLS_CHACHA20_POLY1305_SHA256"});
        assertHonestPeersAreStillServed();
    }

    @Test
    void sameClientPresentingAnHonestSelfSignedCertificateIsWelcomed() throws Exception {
        // The control: the attacker's client code gets through when what it presents is in order.
        KeyPair own = keys();
        SSLContext context = attackerContext(own, certificate("CN=control", own, "CN=control", own));
        try (SSLSocket socket = open(context, TLS_13, AES_GCM)) {
            new FrameWriter(socket.getOutputStream()).send(new Message.Hello(Message.VERSION, "control"));
            assertThat(new FrameReader(socket.getInputStream()).next().message()).isInstanceOf(Message.Welcome.class);
        }
    }

    /** The handshake fails, or the first read after it does: in TLS 1.3 a refused client certificate is told after the client's finish. */
    private void assertRefusedInTheHandshake(SSLContext context, String[] protocols, String[] suites) {
        assertThatThrownBy(() -> {
            try (SSLSocket socket = open(context, protocols, suites)) {
                new FrameWriter(socket.getOutputStream()).send(new Message.Hello(Message.VERSION, "attacker"));
                if (socket.getInputStream().read() < 0) {
                    throw new IOException("closed without a word");
                }
            }
        }).isInstanceOf(IOException.class);
    }

    private SSLSocket open(SSLContext context, String[] protocols, String[] suites) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), tracker.port());
        socket.setSoTimeout((int) TrackerClient.READ_TIMEOUT.toMillis());
        socket.setEnabledProtocols(protocols);
        socket.setEnabledCipherSuites(suites);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext attackerContext(KeyPair own, Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("attacker", own.getPrivate(), PASSWORD, chain);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new AnyServer()}, null);
        return context;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A certificate naming {@code subject} with {@code subjectKeys}' public key, signed by {@code issuerKeys}. */
    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.TWO,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
                subjectKeys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    /** The attacker does not care whom it talks to. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Never asked: this side is the client.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Any tracker will do for an attacker.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
