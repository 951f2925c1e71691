package io.jpatroni.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
public record TlsFiles(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                       boolean clientCertRequired) {

    public static TlsFiles generate(Path dir, boolean clientCertRequired) {
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=jpatroni-test-ca",
                "-keyout", caKey.toString(), "-out", ca.toString());
        Path ext = dir.resolve("san.ext");
        try {
            java.nio.file.Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path[] server = sign(dir, "server", ca, caKey, ext);
        Path[] client = sign(dir, "client", ca, caKey, ext);
        return new TlsFiles(ca, server[0], server[1], client[0], client[1], clientCertRequired);
    }

    static Path[] sign(Path dir, String name, Path ca, Path caKey, Path ext) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", key.toString(),
                "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", crt.toString());
        // Netty wants PKCS#8 keys
        Path pk8 = dir.resolve(name + ".pk8.key");
        openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", key.toString(), "-out", pk8.toString());
        return new Path[] {crt, pk8};
    }

    static void openssl(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Processes.run(new ProcessBuilder(cmd).directory(dir.toFile()), Duration.ofSeconds(30));
    }
}
