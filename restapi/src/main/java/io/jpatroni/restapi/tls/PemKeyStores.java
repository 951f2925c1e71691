package io.jpatroni.restapi.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Turns the PEM files Patroni is configured with ({@code certfile}, {@code keyfile}, {@code cafile}) into the
 * in-memory {@link KeyStore}s Java wants. Keys: {@code PRIVATE KEY} (PKCS#8: RSA, EC, Ed25519),
 * {@code RSA PRIVATE KEY} (PKCS#1) and {@code ENCRYPTED PRIVATE KEY} (PKCS#8, with the password).
 * Legacy OpenSSL-encrypted keys ({@code Proc-Type: 4,ENCRYPTED}) and SEC1 {@code EC PRIVATE KEY} are not supported.
 */
public final class PemKeyStores {
    /** Password of the in-memory key stores (never written anywhere). */
    public static final char[] STORE_PASSWORD = "jpatroni".toCharArray();
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemKeyStores() {
    }

    /** A key store with one entry: the key from {@code keyfile} (or {@code certfile}) and the chain of {@code certfile}. */
    public static KeyStore keyStore(Path certfile, Optional<Path> keyfile, Optional<String> password)
            throws IOException, GeneralSecurityException {
        List<Block> certBlocks = read(certfile);
        List<Block> keyBlocks = keyfile.isPresent() ? read(keyfile.get()) : certBlocks;
        List<Certificate> chain = certificates(certBlocks);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no CERTIFICATE in " + certfile);
        }
        PrivateKey key = null;
        for (Block b : keyBlocks) {
            if (b.type.endsWith("PRIVATE KEY")) {
                key = privateKey(b, password);
                break;
            }
        }
        if (key == null) {
            throw new GeneralSecurityException("no PRIVATE KEY in " + keyfile.orElse(certfile));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("jpatroni", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
        return ks;
    }

    /** A trust store holding every certificate of a PEM CA bundle. */
    public static KeyStore trustStore(Path cafile) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certificates(read(cafile))) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no CERTIFICATE in " + cafile);
        }
        return ks;
    }

    private record Block(String type, String headers, byte[] der) {
    }

    private static List<Block> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            String headers = body.contains(":") ? body.substring(0, body.lastIndexOf(':')) : "";
            String base64 = body.contains(":") ? body.substring(body.indexOf("\n", body.lastIndexOf(':'))) : body;
            blocks.add(new Block(m.group(1), headers, Base64.getMimeDecoder().decode(base64)));
        }
        return blocks;
    }

    private static List<Certificate> certificates(List<Block> blocks) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.type.equals("CERTIFICATE")) {
                out.add(cf.generateCertificate(new ByteArrayInputStream(b.der)));
            }
        }
        return out;
    }

    private static PrivateKey privateKey(Block b, Optional<String> password) throws GeneralSecurityException,
            IOException {
        if (b.headers.contains("ENCRYPTED")) {
            throw new GeneralSecurityException("legacy encrypted PEM keys are not supported: use PKCS#8 "
                    + "(openssl pkcs8 -topk8)");
        }
        byte[] pkcs8 = switch (b.type) {
            case "PRIVATE KEY" -> b.der;
            case "RSA PRIVATE KEY" -> wrapPkcs1(b.der);
            case "ENCRYPTED PRIVATE KEY" -> decrypt(b.der, password.orElseThrow(
                    () -> new GeneralSecurityException("keyfile is encrypted but keyfile_password is not set")));
            default -> throw new GeneralSecurityException("unsupported key type " + b.type);
        };
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException("unrecognised private key algorithm");
    }

    private static byte[] decrypt(byte[] der, String password) throws GeneralSecurityException, IOException {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
        SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                info.getAlgParameters());
        return info.getKeySpec(cipher).getEncoded();
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an OCTET STRING). */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] content = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, content, 0, version.length);
        System.arraycopy(algorithm, 0, content, version.length, algorithm.length);
        System.arraycopy(octets, 0, content, version.length + algorithm.length, octets.length);
        return der(0x30, content);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
