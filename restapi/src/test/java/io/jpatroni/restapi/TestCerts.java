package io.jpatroni.restapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with openssl. */
record TestCerts(Path dir) {
    static TestCerts generate(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        Files.writeString(dir.resolve("elsewhere.ext"), "subjectAltName=DNS:elsewhere.example\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=jpatroni-test-ca");
        for (String who : List.of("server", "client", "other", "elsewhere")) {
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                    "-subj", "/CN=" + who);
        }
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
        run(dir, "openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "client.crt", "-days", "2", "-extfile", "client.ext");
        // issued by the CA for another host name
        run(dir, "openssl", "x509", "-req", "-in", "elsewhere.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "elsewhere.crt", "-days", "2", "-extfile", "elsewhere.ext");
        // self-signed, not issued by the CA
        run(dir, "openssl", "x509", "-req", "-in", "other.csr", "-signkey", "other.key", "-out", "other.crt",
                "-days", "2");
        // the server key as PKCS#1 ("BEGIN RSA PRIVATE KEY"), the client key as encrypted PKCS#8
        run(dir, "openssl", "rsa", "-in", "server.key", "-traditional", "-out", "server.pkcs1.key");
        run(dir, "openssl", "pkcs8", "-topk8", "-in", "client.key", "-out", "client.enc.key", "-passout",
                "pass:keysecret", "-v2", "aes-256-cbc");
        return new TestCerts(dir);
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
