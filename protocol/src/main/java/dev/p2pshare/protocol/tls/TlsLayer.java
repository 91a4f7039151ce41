package dev.p2pshare.protocol.tls;

import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * TLS as every p2pshare connection uses it: version 1.3 only, AES-GCM suites only, and both sides
 * presenting their node certificate. It is laid over connected TCP sockets, in either role.
 *
 * <p>The handshake proves that the other side holds the key of the certificate it presents; the
 * id of that certificate ({@link #remoteId}) is who the other side is. A client that knows whom it
 * wants to reach passes that id, and a different one fails the connection before any data moves.
 *
 * <p>Thread-safe.
 */
public final class TlsLayer {

    /** The only protocol version spoken. */
    public static final String PROTOCOL = "TLSv1.3";

    /** The cipher suites offered and accepted, in order of preference. */
    public static final List<String> CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");

    private final NodeIdentity identity;
    private final SSLContext context;

    /** TLS that presents {@code identity}'s certificate on every connection. */
    public TlsLayer(NodeIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        try {
            context = SSLContext.getInstance(PROTOCOL);
            context.init(new KeyManager[] {identity.keyManager()}, new TrustManager[] {new SelfSignedTrust()},
                    new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot set up " + PROTOCOL + " with EC keys", e);
        }
    }

    /** The identity this side presents. */
    public NodeIdentity identity() {
        return identity;
    }

    /**
     * Runs the client side of the handshake over the connected {@code socket}, and checks who
     * answered. Closing the returned socket closes {@code socket}.
     *
     * @param expected the id the server must prove, or empty to accept any and decide afterwards
     *     from {@link #remoteId}
     * @throws UnexpectedIdentityException if the server proved another id; the socket is closed
     * @throws IOException if the handshake fails; the socket is closed
     */
    public SSLSocket connectOver(Socket socket, String who, Optional<NodeId> expected) throws IOException {
        SSLSocket secured = layer(socket, true);
        try {
            secured.startHandshake();
            NodeId presented = remoteId(secured).orElseThrow();
            if (expected.isPresent() && !expected.get().equals(presented)) {
                throw new UnexpectedIdentityException(who, expected.get(), presented);
            }
            return secured;
        } catch (IOException | RuntimeException e) {
            closeAfter(secured, e);
            throw e;
        }
    }

    /**
     * Runs the server side of the handshake over the accepted {@code socket}, requiring the client
     * to present its certificate. Closing the returned socket closes {@code socket}.
     *
     * @throws IOException if the handshake fails; the socket is closed
     */
    public SSLSocket acceptOver(Socket socket) throws IOException {
        SSLSocket secured = layer(socket, false);
        try {
            secured.startHandshake();
            return secured;
        } catch (IOException | RuntimeException e) {
            closeAfter(secured, e);
            throw e;
        }
    }

    /**
     * The id the other side of {@code socket} proved in the handshake, or empty if the socket is
     * not a TLS socket that has finished one.
     */
    public static Optional<NodeId> remoteId(Socket socket) {
        if (!(socket instanceof SSLSocket secured)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = secured.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate
                    ? Optional.of(NodeIdentity.idOf(certificate)) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private SSLSocket layer(Socket socket, boolean client) throws IOException {
        String host = socket.getInetAddress().getHostAddress();
        SSLSocket secured = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        secured.setUseClientMode(client);
        secured.setEnabledProtocols(new String[] {PROTOCOL});
        secured.setEnabledCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        if (!client) {
            secured.setNeedClientAuth(true);
        }
        return secured;
    }

    private static void closeAfter(Socket socket, Exception failure) {
        try {
            socket.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
