package dev.p2pshare.protocol.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** What a node may present in a handshake: its own self-signed certificate, alone. */
class SelfSignedTrustTest {

    private final SelfSignedTrust trust = new SelfSignedTrust();

    @Test
    void nodeCertificateIsLetThroughBothWays() {
        X509Certificate own = NodeIdentity.generate("alice").certificate();

        assertThatCode(() -> trust.checkClientTrusted(new X509Certificate[] {own}, "EC")).doesNotThrowAnyException();
        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {own}, "EC")).doesNotThrowAnyException();
    }

    @Test
    void certificateSignedByAnotherKeyIsRefused() throws Exception {
        X509Certificate forged = signedBy(keys(), keys());

        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {forged}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not signed by its own key");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {forged}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not signed by its own key");
    }

    @Test
    void chainOrNothingIsRefused() {
        X509Certificate one = NodeIdentity.generate("a").certificate();
        X509Certificate two = NodeIdentity.generate("b").certificate();

        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {one, two}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("exactly one certificate");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("exactly one certificate");
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subject}'s key, signed with {@code signer}'s. */
    private static X509Certificate signedBy(KeyPair subject, KeyPair signer) throws Exception {
        X500Name name = new X500Name("CN=forged");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                subject.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
