package io.jpatroni.restapi;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patroni's {@code restapi.allowlist} and {@code allowlist_include_members}: who may call an unsafe method. An entry
 * with a {@code /} is a network (host bits ignored, as {@code ip_network(v, strict=False)}); any other entry is an
 * address or a host name, resolved once, when the configuration is (re)loaded, to every address it has. With
 * {@code allowlist_include_members}, the host of every member's {@code api_url} in the last DCS view is resolved at
 * each request, as Patroni does. Empty list and no members: everyone may.
 */
final class Allowlist {
    private static final Logger log = LoggerFactory.getLogger(Allowlist.class);

    private final List<Network> networks;
    private final boolean includeMembers;
    private final Supplier<List<String>> memberApiUrls;

    private Allowlist(List<Network> networks, boolean includeMembers, Supplier<List<String>> memberApiUrls) {
        this.networks = List.copyOf(networks);
        this.includeMembers = includeMembers;
        this.memberApiUrls = memberApiUrls;
    }

    /** Builds the list, logging (as Patroni) the entries that are neither a network nor a resolvable name. */
    static Allowlist of(List<String> entries, boolean includeMembers, Supplier<List<String>> memberApiUrls) {
        List<Network> networks = new ArrayList<>();
        for (String entry : entries) {
            if (entry.contains("/")) {
                try {
                    networks.add(Network.parse(entry));
                } catch (IllegalArgumentException e) {
                    log.error("Invalid value \"{}\" in the allowlist: {}", entry, e.getMessage());
                }
            } else {
                networks.addAll(resolve(entry));
            }
        }
        return new Allowlist(networks, includeMembers, memberApiUrls);
    }

    /** Patroni checks the address only when {@code allowlist} or {@code allowlist_include_members} is set. */
    boolean enforced() {
        return !networks.isEmpty() || includeMembers;
    }

    boolean allows(InetAddress client) {
        if (!enforced()) {
            return true;
        }
        for (Network n : networks) {
            if (n.contains(client)) {
                return true;
            }
        }
        if (includeMembers) {
            for (String url : memberApiUrls.get()) {
                for (Network n : memberAddresses(url)) {
                    if (n.contains(client)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<Network> memberAddresses(String apiUrl) {
        String host;
        try {
            host = URI.create(apiUrl).getHost();
        } catch (IllegalArgumentException e) {
            log.debug("Failed to parse url {}: {}", apiUrl, e.getMessage());
            return List.of();
        }
        if (host == null) {
            return List.of();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return resolve(host);
    }

    private static List<Network> resolve(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).map(Network::single).toList();
        } catch (UnknownHostException e) {
            log.error("Failed to resolve {}: {}", host, e.getMessage());
            return List.of();
        }
    }

    /** An IPv4 or IPv6 network; an address of the other family is never inside. */
    record Network(byte[] address, int prefix) {
        static Network single(InetAddress a) {
            byte[] bytes = a.getAddress();
            return new Network(bytes, bytes.length * 8);
        }

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String addr = cidr.substring(0, slash).strip();
            if (!addr.matches("[0-9a-fA-F:.]+")) {
                throw notANetwork(cidr, null);
            }
            try {
                byte[] bytes = InetAddress.getByName(addr).getAddress();
                int prefix = Integer.parseInt(cidr.substring(slash + 1).strip());
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw notANetwork(cidr, null);
                }
                return new Network(bytes, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw notANetwork(cidr, e);
            }
        }

        /** Python's ip_network error, which Patroni logs. */
        private static IllegalArgumentException notANetwork(String cidr, Exception cause) {
            return new IllegalArgumentException("'" + cidr + "' does not appear to be an IPv4 or IPv6 network", cause);
        }

        boolean contains(InetAddress client) {
            byte[] c = client.getAddress();
            if (c.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (c[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (c[full] & mask) == (address[full] & mask);
        }
    }
}
