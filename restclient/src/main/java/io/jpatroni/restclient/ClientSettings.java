package io.jpatroni.restclient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How this node calls other members' REST APIs: CA from {@code ctl.cacert} or {@code restapi.cafile}, client
 * certificate from {@code ctl.certfile/keyfile} or {@code restapi}'s, {@code ctl.insecure}, and the basic-auth
 * credentials of {@code restapi.authentication}.
 */
public record ClientSettings(Optional<Path> cafile, Optional<Path> certfile, Optional<Path> keyfile,
                             Optional<String> keyfilePassword, boolean insecure, Optional<String> username,
                             Optional<String> password, Duration connectTimeout) {

    /** Plain HTTP (or HTTPS trusting the JVM's default CAs), no auth. */
    public static ClientSettings defaults() {
        return new ClientSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2));
    }

    public ClientSettings withCa(Path ca) {
        return new ClientSettings(Optional.of(ca), certfile, keyfile, keyfilePassword, insecure, username, password,
                connectTimeout);
    }

    public ClientSettings withClientCertificate(Path cert, Optional<Path> key, Optional<String> keyPassword) {
        return new ClientSettings(cafile, Optional.of(cert), key, keyPassword, insecure, username, password,
                connectTimeout);
    }

    public ClientSettings withInsecure(boolean value) {
        return new ClientSettings(cafile, certfile, keyfile, keyfilePassword, value, username, password,
                connectTimeout);
    }

    public ClientSettings withAuth(String user, String pass) {
        return new ClientSettings(cafile, certfile, keyfile, keyfilePassword, insecure, Optional.of(user),
                Optional.of(pass), connectTimeout);
    }
}
