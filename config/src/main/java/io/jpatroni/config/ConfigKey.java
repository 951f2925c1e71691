package io.jpatroni.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One Patroni configuration key and what jpatroni does with it: a line of {@link ConfigKeys}.
 *
 * @param path        YAML path; {@code *} stands for any key at that level ({@code tags.*}), a
 *                    {@code <name>} segment for a name the user chooses (shown in the docs, never matched)
 * @param scope       {@code LOCAL}: the file (and {@code PATRONI_*}); {@code DYNAMIC}: {@code bootstrap.dcs}
 *                    in the file and the cluster's DCS {@code config} key, {@code path} relative to both
 * @param trigger     for a key not acted on or refused: the values that ask for what jpatroni does not do
 * @param consequence for a key not acted on or refused: what this node does instead (present tense);
 *                    otherwise a short note, possibly empty
 * @param milder      for a refused key: other values that are only warned about, and what they lose
 */
public record ConfigKey(String path, Scope scope, KeyStatus status, KeyTrigger trigger, String consequence,
                        Optional<Milder> milder) {

    public enum Scope { LOCAL, DYNAMIC }

    /** Values of a refused key that are not acted on but leave the cluster as safe as asked. */
    public record Milder(KeyTrigger trigger, String consequence) {
    }

    public ConfigKey {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(consequence, "consequence");
        Objects.requireNonNull(milder, "milder");
    }

    /** The same key in the other scope. */
    ConfigKey in(Scope newScope) {
        return new ConfigKey(path, newScope, status, trigger, consequence, milder);
    }

    /** A refused key whose other values ({@code trigger}) are only warned about. */
    ConfigKey orWarn(KeyTrigger milderTrigger, String milderConsequence) {
        return new ConfigKey(path, scope, status, trigger, consequence,
                Optional.of(new Milder(milderTrigger, milderConsequence)));
    }

    /** Where the key is written: {@code bootstrap.dcs.ttl} for a dynamic key, else its path. */
    public String filePath() {
        return scope == Scope.DYNAMIC ? "bootstrap.dcs." + path : path;
    }

    /** Still to do: not acted on, or refused. */
    public boolean isUnsupported() {
        return status == KeyStatus.NOT_ACTED_ON || status == KeyStatus.REFUSED;
    }
}
