package io.jpatroni.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jpatroni.it.support.Processes;

/**
 * The hosts {@code scripts/lib/chaos-net.sh} created (read from {@code DIR/hosts}): a network namespace and an
 * address each. Runs processes inside a host as the unprivileged user, and cuts and heals the links between hosts
 * with routes inside the namespaces ({@code blackhole}: packets vanish, as in a real partition) or by taking a
 * host's only interface down. The harness itself runs as root inside host {@code h}.
 */
final class Hosts {
    private static final String USER = "postgres";

    record Host(String name, String namespace, String address) {
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    /** The cuts in force: "from to" pairs with a blackhole route in from's namespace, and hosts taken down. */
    private final List<String[]> routes = new ArrayList<>();
    private final List<Host> down = new ArrayList<>();

    Hosts(Path hostsFile) {
        try {
            for (String line : Files.readAllLines(hostsFile)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) {
                    hosts.put(f[0], new Host(f[0], f[1], f[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Host get(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host " + name + " in " + hosts.keySet());
        }
        return h;
    }

    String subnet() {
        String a = get("h").address();
        return a.substring(0, a.lastIndexOf('.')) + ".0/24";
    }

    /**
     * {@code ip netns exec NS setpriv ... env HOME=... command}: every link execs the next, so the process's pid is
     * the command's own (a SIGSTOP or kill -9 reaches the daemon itself, not a wrapper).
     */
    Process start(Host host, List<String> command, Map<String, String> env, Path log) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace(),
                "setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "env",
                "HOME=/var/lib/postgresql", "USER=" + USER, "LOGNAME=" + USER));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(command);
        ProcessBuilder pb = Processes.withoutPatroniEnvironment(new ProcessBuilder(cmd));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** Packets between {@code a} and {@code b} vanish, both ways. */
    synchronized void cut(Host a, Host b) {
        blackhole(a, b);
        blackhole(b, a);
    }

    private void blackhole(Host from, Host to) {
        ip(from, "route", "add", "blackhole", to.address() + "/32");
        routes.add(new String[] {from.name(), to.name()});
    }

    /** The host's interface goes down: it reaches nobody, nobody reaches it. */
    synchronized void isolate(Host h) {
        ip(h, "link", "set", "eth0", "down");
        down.add(h);
    }

    /** Every cut made since the last heal is undone. */
    synchronized void healAll() {
        for (String[] r : routes) {
            ip(get(r[0]), "route", "del", "blackhole", get(r[1]).address() + "/32");
        }
        routes.clear();
        for (Host h : down) {
            ip(h, "link", "set", "eth0", "up");
        }
        down.clear();
    }

    synchronized boolean anyCut() {
        return !routes.isEmpty() || !down.isEmpty();
    }

    private static void ip(Host h, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", h.namespace()));
        cmd.addAll(List.of(args));
        Processes.run(new ProcessBuilder(cmd), Duration.ofSeconds(10));
    }

    /** A signal to a process (the harness is root): STOP, CONT, KILL. */
    static void signal(long pid, String signal) {
        Processes.runAny(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(5));
    }
}
