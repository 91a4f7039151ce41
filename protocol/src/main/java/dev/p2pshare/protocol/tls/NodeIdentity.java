package dev.p2pshare.protocol.tls;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.storage.DurableWrite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A node's lasting identity: an EC P-256 key pair and a self-signed certificate for it, which
 * the node presents in every TLS handshake. Its {@link NodeId} is the SHA-256 of the
 * certificate, so the id cannot be claimed without the private key.
 *
 * <p>{@link #loadOrCreate} keeps it in {@value #FILE_NAME} in a state folder: the private key
 * (PKCS#8) and the certificate as PEM, readable and writable by its owner only, which is what
 * protects the key (a node starts without anyone to type a password; OpenSSL reads the file as
 * it is). An {@value #EARLIER_FILE_NAME} that earlier versions kept, a PKCS#12 file under a fixed
 * password, is read once and written as {@value #FILE_NAME}; it is left in place. Nothing here
 * prints or logs the key.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeIdentity {

    /** The identity file's name in its state folder. */
    public static final String FILE_NAME = "identity.pem";

    /** The identity file's name in a state folder of an earlier version, read when there is no {@value #FILE_NAME}. */
    public static final String EARLIER_FILE_NAME = "identity.p12";

    private static final String KEY_BLOCK = "PRIVATE KEY";
    private static final String CERTIFICATE_BLOCK = "CERTIFICATE";

    private static final String EARLIER_ALIAS = "node";
    private static final char[] EARLIER_PASSWORD = "p2pshare".toCharArray();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Duration VALIDITY = Duration.ofDays(100 * 366);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final NodeId id;

    private NodeIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.id = idOf(certificate);
    }

    /** A new identity kept in memory only, for a node that need not be recognised after it stops. */
    public static NodeIdentity generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            return new NodeIdentity(pair.getPrivate(), selfSigned(pair, commonName));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("this Java runtime cannot make EC P-256 keys and certificates", e);
        }
    }

    /**
     * The identity stored in {@code stateFolder}, or a new one, stored there first, if the folder
     * has none. A stored identity whose file others may read is made owner-only again.
     *
     * @throws IOException if the file cannot be read, is not an identity, or cannot be written
     */
    public static NodeIdentity loadOrCreate(Path stateFolder, String commonName) throws IOException {
        Files.createDirectories(stateFolder);
        Path file = stateFolder.resolve(FILE_NAME);
        try {
            NodeIdentity stored = read(file);
            restrictToOwner(file);
            return stored;
        } catch (NoSuchFileException e) {
            // Not kept yet in this form: kept by an earlier version, or not at all.
        }
        NodeIdentity identity;
        try {
            identity = readEarlier(stateFolder.resolve(EARLIER_FILE_NAME));
        } catch (NoSuchFileException e) {
            identity = generate(commonName);
        }
        identity.write(file);
        return identity;
    }

    /** The id of whoever presents {@code certificate}: the SHA-256 of its DER encoding. */
    public static NodeId idOf(X509Certificate certificate) {
        try {
            return NodeId.ofBytes(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("a certificate that cannot be encoded has no id", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** This node's id. */
    public NodeId id() {
        return id;
    }

    /** The certificate this node presents. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The key manager that presents this node's key and certificate on its TLS connections. */
    NodeKeyManager keyManager() {
        return new NodeKeyManager(privateKey, certificate);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + id.grouped() + "]";
    }

    private static X509Certificate selfSigned(KeyPair pair, String commonName)
            throws OperatorCreationException, GeneralSecurityException {
        X500Name name = new X500Name("CN=" + commonName.replaceAll("[^A-Za-z0-9 ._-]", "_"));
        Instant now = Instant.now();
        // Peers pin the certificate's hash, so its dates are never what makes it trusted; they
        // only have to stay valid for as long as the node is used.
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(127, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    /** Reads an identity as {@link #write} keeps it. */
    private static NodeIdentity read(Path file) throws IOException {
        byte[] key = null;
        X509Certificate certificate = null;
        try (PemReader reader = new PemReader(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                switch (block.getType()) {
                    case KEY_BLOCK -> key = block.getContent();
                    case CERTIFICATE_BLOCK -> certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(block.getContent()));
                    default -> throw new GeneralSecurityException("it holds a block of an unexpected kind, "
                            + block.getType());
                }
            }
            if (key == null || certificate == null) {
                throw new GeneralSecurityException("it needs a " + KEY_BLOCK + " and a " + CERTIFICATE_BLOCK
                        + " block");
            }
            PrivateKey privateKey = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(key));
            return new NodeIdentity(privateKey, certificate);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads an identity as earlier versions kept it: a PKCS#12 file under a fixed password. */
    private static NodeIdentity readEarlier(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(in, EARLIER_PASSWORD);
            } catch (IOException e) {
                throw new GeneralSecurityException(e.toString(), e);
            }
            if (!(store.getKey(EARLIER_ALIAS, EARLIER_PASSWORD) instanceof PrivateKey key)
                    || !(store.getCertificate(EARLIER_ALIAS) instanceof X509Certificate certificate)) {
                throw new GeneralSecurityException("no key and certificate named '" + EARLIER_ALIAS + "'");
            }
            return new NodeIdentity(key, certificate);
        } catch (GeneralSecurityException e) {
            throw unreadable(file, e);
        }
    }

    private static IOException unreadable(Path file, Exception cause) {
        return new IOException(file + " is not a readable node identity (" + cause.getMessage()
                + "); move it away to have a new one made, which gives this node a new id", cause);
    }

    private void write(Path file) throws IOException {
        byte[] key = privateKey.getEncoded();
        byte[] encodedCertificate;
        try {
            encodedCertificate = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the node certificate", e);
        }
        // A temporary file is created owner-only, and the rename keeps that.
        DurableWrite.replace(file, out -> {
            PemWriter pem = new PemWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
            pem.writeObject(new PemObject(KEY_BLOCK, key));
            pem.writeObject(new PemObject(CERTIFICATE_BLOCK, encodedCertificate));
            pem.flush();
        });
        restrictToOwner(file);
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }
}
