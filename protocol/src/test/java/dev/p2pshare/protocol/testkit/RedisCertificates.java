package dev.p2pshare.protocol.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The PEM files a TLS redis-server needs: a throwaway certificate authority, and a server
 * certificate for {@code 127.0.0.1} that it signed, with the server's key (PKCS#8, unencrypted).
 * Clients trust the server through {@link #caCertificate()} alone, as they would a real deployment.
 */
record RedisCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    private static final Duration VALIDITY = Duration.ofDays(2);

    /** Generates fresh keys and writes {@code ca.crt}, {@code server.crt} and {@code server.key} into {@code dir}. */
    static RedisCertificates write(Path dir) throws IOException {
        try {
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=p2pshare test Redis CA");
            X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(), caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    caKeys.getPrivate());

            KeyPair serverKeys = ecKeys();
            X509Certificate server = sign(new JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(),
                    new X500Name("CN=127.0.0.1"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1"))),
                    caKeys.getPrivate());

            RedisCertificates files = new RedisCertificates(dir.resolve("ca.crt"), dir.resolve("server.crt"),
                    dir.resolve("server.key"));
            Files.writeString(files.caCertificate, pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(files.serverCertificate, pem("CERTIFICATE", server.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(files.serverKey, pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()),
                    StandardCharsets.US_ASCII);
            return files;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("this Java runtime cannot make EC P-256 certificates", e);
        }
    }

    /** A client context that trusts exactly {@link #caCertificate()}. */
    SSLContext clientContext() throws IOException {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + caCertificate, e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(VALIDITY));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
