package io.jpatroni.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key format openssl writes and libpq reads, loaded and checked against its certificate's public key. */
class PemKeyStoresTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-out", "rsa.crt", "-days", "2",
                "-subj", "/CN=rsa");
        run("rsa", "-in", "rsa.key", "-traditional", "-out", "rsa.pkcs1.key");
        run("pkcs8", "-topk8", "-in", "rsa.key", "-out", "rsa.enc.key", "-passout", "pass:s3cret", "-v2",
                "aes-256-cbc");
        run("rsa", "-in", "rsa.key", "-traditional", "-aes256", "-passout", "pass:s3cret", "-out", "rsa.legacy.key");
        for (String curve : new String[] {"prime256v1", "secp384r1"}) {
            run("ecparam", "-genkey", "-name", curve, "-out", curve + ".sec1.key");
            run("req", "-x509", "-new", "-key", curve + ".sec1.key", "-out", curve + ".crt", "-days", "2", "-subj",
                    "/CN=" + curve);
        }
        run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "noparams.sec1.key");
        run("req", "-x509", "-new", "-key", "noparams.sec1.key", "-out", "noparams.crt", "-days", "2", "-subj",
                "/CN=noparams");
    }

    @Test
    void pkcs8Pkcs1AndEncryptedPkcs8RsaKeysMatchTheirCertificate() throws Exception {
        for (String key : new String[] {"rsa.key", "rsa.pkcs1.key"}) {
            assertMatches("rsa.crt", key, Optional.empty());
        }
        assertMatches("rsa.crt", "rsa.enc.key", Optional.of("s3cret"));
    }

    @Test
    void sec1EcKeysOnTwoCurvesWithAndWithoutTheParametersBlock() throws Exception {
        assertThat(read("prime256v1.sec1.key")).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        assertMatches("prime256v1.crt", "prime256v1.sec1.key", Optional.empty());
        assertMatches("secp384r1.crt", "secp384r1.sec1.key", Optional.empty());
        assertThat(read("noparams.sec1.key")).doesNotContain("EC PARAMETERS");
        assertMatches("noparams.crt", "noparams.sec1.key", Optional.empty());
    }

    @Test
    void anEncryptedKeyWithoutItsPasswordOrALegacyEncryptedKeyIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PemKeyStores.keyStore(dir.resolve("rsa.crt"), Optional.of(dir.resolve("rsa.enc.key")),
                Optional.empty())).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("encrypted")
                .hasMessageContaining("sslpassword");
        assertThatThrownBy(() -> PemKeyStores.keyStore(dir.resolve("rsa.crt"),
                Optional.of(dir.resolve("rsa.legacy.key")), Optional.of("s3cret")))
                .hasMessageContaining("Proc-Type: 4,ENCRYPTED").hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> PemKeyStores.keyStore(dir.resolve("rsa.crt"), Optional.of(dir.resolve("rsa.crt")),
                Optional.empty())).hasMessageContaining("no PRIVATE KEY in");
    }

    @Test
    void trustStoreHoldsEveryCertificateOfABundle() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("bundle.crt"), read("rsa.crt") + read("prime256v1.crt"));
        KeyStore trust = PemKeyStores.trustStore(dir.resolve("bundle.crt"));
        assertThat(trust.size()).isEqualTo(2);
    }

    private static void assertMatches(String cert, String key, Optional<String> password) throws Exception {
        KeyStore ks = PemKeyStores.keyStore(dir.resolve(cert), Optional.of(dir.resolve(key)), password);
        PrivateKey pk = (PrivateKey) ks.getKey("jpatroni", PemKeyStores.STORE_PASSWORD);
        X509Certificate c = (X509Certificate) ks.getCertificate("jpatroni");
        String algorithm = pk.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        Signature sign = Signature.getInstance(algorithm);
        sign.initSign(pk);
        sign.update(key.getBytes());
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance(algorithm);
        verify.initVerify(c.getPublicKey());
        verify.update(key.getBytes());
        assertThat(verify.verify(signature)).as(key + " signs what " + cert + " verifies").isTrue();
    }

    private static String read(String file) throws IOException {
        return java.nio.file.Files.readString(dir.resolve(file));
    }

    private static void run(String... args) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("openssl"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
    }
}
