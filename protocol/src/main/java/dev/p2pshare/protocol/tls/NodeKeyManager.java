package dev.p2pshare.protocol.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one node's key and certificate on every TLS connection, in either role. The JDK's own
 * key managers take their keys from a key store, and a PKCS#12 key entry costs a password-based
 * key derivation (thousands of HMAC rounds) each time it is stored or read: at start, before the
 * JIT has compiled any of it, that was a tenth of what a peer did before it could register.
 */
final class NodeKeyManager extends X509ExtendedKeyManager {

    /** The one alias: there is one key. */
    static final String ALIAS = "node";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    NodeKeyManager(PrivateKey key, X509Certificate certificate) {
        this.key = Objects.requireNonNull(key, "key");
        this.chain = new X509Certificate[] {Objects.requireNonNull(certificate, "certificate")};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    private String chooseFor(String[] keyTypes) {
        return keyTypes != null && Arrays.stream(keyTypes).anyMatch(this::fits) ? ALIAS : null;
    }

    /** Whether the handshake asks for a key of this key's algorithm ("EC"). */
    private boolean fits(String keyType) {
        return key.getAlgorithm().equals(keyType);
    }
}
