package io.jpatroni.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Throw-away certificates made with openssl for TLS tests: a CA, a server certificate for 127.0.0.1, client
 * certificates whose keys come in the formats libpq reads (PKCS#8 RSA, SEC1 EC, encrypted PKCS#8), a second CA
 * with its own server certificate, and CRLs of the first CA (one empty, one revoking the server certificate).
 */
public record TestPki(Path dir) {
    public static final String KEY_PASSWORD = "rewind key pass";

    public static TestPki generate(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String ca : List.of("ca", "other-ca")) {
            pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".crt",
                    "-days", "2", "-subj", "/CN=jpatroni test " + ca);
        }
        pki.sign("ca", "server", "rsa", "server.ext");
        pki.sign("other-ca", "other-server", "rsa", "server.ext");
        pki.sign("ca", "postgres", "rsa", "client.ext");
        pki.sign("ca", "replicator", "ec", "client.ext");
        pki.sign("ca", "rewind_user", "rsa", "client.ext");
        pki.openssl("pkcs8", "-topk8", "-in", "rewind_user.key", "-out", "rewind_user.enc.key", "-passout",
                "pass:" + KEY_PASSWORD, "-v2", "aes-256-cbc");
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\n"
                + "default_md=sha256\ndefault_crl_days=2\n");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        pki.openssl("ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.crt", "-out", "ca.crl");
        pki.openssl("ca", "-config", "ca.cnf", "-revoke", "server.crt", "-keyfile", "ca.key", "-cert", "ca.crt");
        pki.openssl("ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.crt", "-out",
                "server-revoked.crl");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".key")).toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return pki;
    }

    /** {@code name.crt} signed by {@code ca}, its key {@code name.key} (RSA PKCS#8, or EC SEC1). */
    private void sign(String ca, String name, String type, String ext) throws IOException, InterruptedException {
        if (type.equals("ec")) {
            openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", name + ".key");
            openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        } else {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                    "/CN=" + name);
        }
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", ext, "-out", name + ".crt");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public String path(String name) {
        return dir.resolve(name).toString();
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
    }
}
