package io.jpatroni.dcs.kv;

/** Patroni's key layout: {@code /<namespace>/<scope>/<name>}, with repeated slashes collapsed. */
public record Keys(String prefix) {
    public static final String INITIALIZE = "initialize";
    public static final String CONFIG = "config";
    public static final String LEADER = "leader";
    public static final String MEMBERS = "members/";
    public static final String STATUS = "status";
    public static final String LEADER_OPTIME = "optime/leader";
    public static final String FAILOVER = "failover";
    public static final String SYNC = "sync";
    public static final String HISTORY = "history";
    public static final String FAILSAFE = "failsafe";

    public static Keys of(String namespace, String scope) {
        String base = ("/" + namespace + "/" + scope).replaceAll("/+", "/");
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new Keys(base + "/");
    }

    public String key(String name) {
        return prefix + name;
    }

    public String member(String memberName) {
        return prefix + MEMBERS + memberName;
    }

    /** The part of {@code key} after the cluster prefix, or null when it is outside the prefix. */
    public String relative(String key) {
        return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
    }
}
