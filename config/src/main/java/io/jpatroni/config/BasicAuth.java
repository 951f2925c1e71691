package io.jpatroni.config;

import java.util.Optional;

/** HTTP basic-auth credentials ({@code restapi.authentication}, {@code ctl.authentication}). */
public record BasicAuth(String username, Secret password) {

    @Override
    public String toString() {
        return "BasicAuth[username=" + username + ", password=" + password + "]";
    }

    /** Reads {@code authentication: {username, password}} or the legacy {@code auth: 'user:pass'}. */
    static Optional<BasicAuth> read(Section parent) {
        if (parent.has("authentication")) {
            Section s = parent.section("authentication");
            Optional<String> user = s.string("username");
            Optional<Secret> pass = s.secret("password");
            s.reportUnknownKeys();
            if (user.isEmpty()) {
                parent.problems().errorAt(s.pathOf("username"), "must be set when authentication is set");
            }
            if (pass.isEmpty()) {
                parent.problems().errorAt(s.pathOf("password"), "must be set when authentication is set");
            }
            if (parent.has("auth")) {
                parent.problems().warnAt(parent.pathOf("auth"), "ignored: authentication is also set");
            }
            return user.isPresent() && pass.isPresent() ? Optional.of(new BasicAuth(user.get(), pass.get()))
                    : Optional.empty();
        }
        return parent.secret("auth").flatMap(joined -> {
            String text = joined.reveal();
            int colon = text.indexOf(':');
            if (colon <= 0) {
                parent.problems().errorAt(parent.pathOf("auth"), "is not 'username:password'");
                return Optional.empty();
            }
            return Optional.of(new BasicAuth(text.substring(0, colon), Secret.of(text.substring(colon + 1))));
        });
    }
}
