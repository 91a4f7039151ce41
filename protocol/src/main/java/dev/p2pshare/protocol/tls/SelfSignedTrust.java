package dev.p2pshare.protocol.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets any node's self-signed certificate through the TLS handshake, in both directions. Trust
 * is not decided here: a node's certificate is its identity, and whoever connects compares the
 * id of the certificate presented with the id it expects once the handshake is over (see {@link
 * TlsLayer}). What this checks is that the other side presents exactly one certificate, signed
 * by its own key, as every node's is.
 */
final class SelfSignedTrust extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireSelfSigned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireSelfSigned(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireSelfSigned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireSelfSigned(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireSelfSigned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireSelfSigned(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    private static void requireSelfSigned(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length != 1) {
            throw new CertificateException("a node presents exactly one certificate, its own, not "
                    + (chain == null ? 0 : chain.length));
        }
        try {
            chain[0].verify(chain[0].getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the certificate presented is not signed by its own key", e);
        }
    }
}
