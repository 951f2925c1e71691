package io.jpatroni.watchdog.fence;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fences of this data directory that this daemon did not start: left by its previous life (killed, crashed), each
 * still enforcing its last deadline. Found by their command line ({@code … jpatroni-fence DATA_DIR}), which no
 * unrelated process has, so a reused process id cannot be mistaken for one; the pid of a fence's own timer child
 * (a subshell, same command line) is found too.
 */
final class OrphanFences {
    private OrphanFences() {
    }

    /** Fence processes of {@code dataDir} (its real path) owned by this user, except {@code own} and its children. */
    static List<ProcessHandle> find(Path dataDir, Optional<ProcessHandle> own) {
        String user = ProcessHandle.current().info().user().orElse("");
        Set<Long> excluded = own.stream()
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        return ProcessHandle.allProcesses()
                .filter(p -> !excluded.contains(p.pid()))
                .filter(p -> p.info().user().map(user::equals).orElse(false))
                .filter(p -> isFenceOf(p.info().arguments().orElse(new String[0]), dataDir.toString()))
                .collect(Collectors.toList());
    }

    /** {@code arguments} run the fence script on {@code dataDir}. */
    static boolean isFenceOf(String[] arguments, String dataDir) {
        for (int i = 0; i + 1 < arguments.length; i++) {
            Path script = Path.of(arguments[i]).getFileName();
            if (script != null && script.toString().equals(FenceSpec.SCRIPT_NAME) && arguments[i + 1].equals(dataDir)) {
                return true;
            }
        }
        return false;
    }

    /** SIGTERM: each drops its deadline and exits. */
    static void retire(List<ProcessHandle> fences) {
        fences.forEach(ProcessHandle::destroy);
    }
}
