package dev.p2pshare.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import org.junit.jupiter.api.Test;

class NodeKeyManagerTest {

    private final NodeIdentity identity = NodeIdentity.generate("keys");
    private final NodeKeyManager keys = identity.keyManager();

    @Test
    void offersTheNodeKeyForTheKeyTypeItIs() {
        assertThat(keys.chooseClientAlias(new String[] {"RSA", "EC"}, new Principal[0], null))
                .isEqualTo(NodeKeyManager.ALIAS);
        assertThat(keys.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isEqualTo(NodeKeyManager.ALIAS);
        assertThat(keys.chooseServerAlias("EC", null, null)).isEqualTo(NodeKeyManager.ALIAS);
        assertThat(keys.chooseEngineServerAlias("EC", null, null)).isEqualTo(NodeKeyManager.ALIAS);
        assertThat(keys.getClientAliases("EC", null)).containsExactly(NodeKeyManager.ALIAS);
        assertThat(keys.getServerAliases("EC", null)).containsExactly(NodeKeyManager.ALIAS);
    }

    @Test
    void offersNothingForAnotherKeyType() {
        assertThat(keys.chooseClientAlias(new String[] {"RSA", "EdDSA"}, null, null)).isNull();
        assertThat(keys.chooseClientAlias(null, null, null)).isNull();
        assertThat(keys.chooseServerAlias("RSA", null, null)).isNull();
        assertThat(keys.getServerAliases("RSASSA-PSS", null)).isNull();
    }

    @Test
    void givesTheCertificateAndKeyUnderItsAliasOnly() {
        assertThat(keys.getCertificateChain(NodeKeyManager.ALIAS)).containsExactly(identity.certificate());
        assertThat(NodeIdentity.idOf(keys.getCertificateChain(NodeKeyManager.ALIAS)[0])).isEqualTo(identity.id());
        assertThat(keys.getPrivateKey(NodeKeyManager.ALIAS)).isNotNull();
        assertThat(keys.getPrivateKey(NodeKeyManager.ALIAS).getAlgorithm()).isEqualTo("EC");
        assertThat(keys.getCertificateChain("other")).isNull();
        assertThat(keys.getPrivateKey("other")).isNull();
    }
}
