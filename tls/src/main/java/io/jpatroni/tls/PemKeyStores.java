package io.jpatroni.tls;

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
 * Turns the PEM files Patroni and libpq are configured with ({@code restapi.certfile/keyfile/cafile},
 * {@code postgresql.authentication.*.sslcert/sslkey/sslrootcert}) into the in-memory {@link KeyStore}s Java wants,
 * never writing a converted key anywhere. Keys: {@code PRIVATE KEY} (PKCS#8: RSA, EC, Ed25519),
 * {@code RSA PRIVATE KEY} (PKCS#1), {@code EC PRIVATE KEY} (SEC1, with its named curve) and
 * {@code ENCRYPTED PRIVATE KEY} (PKCS#8, with the password). Legacy OpenSSL-encrypted keys
 * ({@code Proc-Type: 4,ENCRYPTED}) are refused with a message saying how to convert them.
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
            throw new GeneralSecurityException("legacy encrypted PEM keys (Proc-Type: 4,ENCRYPTED) are not "
                    + "supported: convert the key to encrypted PKCS#8 (openssl pkcs8 -topk8 -v2 aes-256-cbc)");
        }
        byte[] pkcs8 = switch (b.type) {
            case "PRIVATE KEY" -> b.der;
            case "RSA PRIVATE KEY" -> wrapPkcs1(b.der);
            case "EC PRIVATE KEY" -> wrapSec1(b.der);
            case "ENCRYPTED PRIVATE KEY" -> decrypt(b.der, password.orElseThrow(
                    () -> new GeneralSecurityException("the private key is encrypted but no password is set"
                            + " (keyfile_password, sslpassword)")));
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

    /**
     * SEC1 ECPrivateKey ({@code SEQUENCE {version, privateKey, [0] curve OID, [1] publicKey}}) → PKCS#8 with the
     * algorithm {@code id-ecPublicKey} and the curve from {@code [0]}; the SEC1 structure itself is the key.
     */
    static byte[] wrapSec1(byte[] sec1) throws GeneralSecurityException {
        byte[] curve = null;
        int[] seq = header(sec1, 0, 0x30);
        int pos = seq[0];
        int end = seq[0] + seq[1];
        while (pos < end) {
            int tag = sec1[pos] & 0xff;
            int[] h = header(sec1, pos, tag);
            if (tag == 0xa0) {
                int[] oid = header(sec1, h[0], 0x06);
                curve = java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
            }
            pos = h[0] + h[1];
        }
        if (curve == null) {
            throw new GeneralSecurityException("EC PRIVATE KEY without a named curve is not supported");
        }
        byte[] ecPublicKey = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
        byte[] algorithm = der(0x30, concat(ecPublicKey, curve));
        return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, sec1)));
    }

    /** Start of the content and its length for the DER element at {@code pos}, which must have {@code tag}. */
    private static int[] header(byte[] der, int pos, int tag) throws GeneralSecurityException {
        if (pos + 1 >= der.length || (der[pos] & 0xff) != tag) {
            throw new GeneralSecurityException("malformed EC PRIVATE KEY");
        }
        int first = der[pos + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {pos + 2, first};
        }
        int bytes = first & 0x7f;
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (der[pos + 2 + i] & 0xff);
        }
        if (bytes > 3 || pos + 2 + bytes + length > der.length) {
            throw new GeneralSecurityException("malformed EC PRIVATE KEY");
        }
        return new int[] {pos + 2 + bytes, length};
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
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
