package io.jpatroni.config;

import java.util.Optional;

/** The {@code ctl} section, read by jpatronictl. */
public record CtlConfig(
        boolean insecure,
        Optional<String> certfile,
        Optional<String> keyfile,
        Optional<Secret> keyfilePassword,
        Optional<String> cacert,
        Optional<BasicAuth> authentication) {

    public static CtlConfig defaults() {
        return new CtlConfig(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static CtlConfig read(Section s) {
        CtlConfig config = new CtlConfig(
                s.bool("insecure", false),
                s.string("certfile"),
                s.string("keyfile"),
                s.secret("keyfile_password"),
                s.string("cacert"),
                BasicAuth.read(s));
        s.markKnown("auth");
        s.reportUnknownKeys();
        return config;
    }
}
