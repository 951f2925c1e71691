package io.jpatroni.daemon.watchdog;

import io.jpatroni.config.WatchdogConfig;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.loop.Guards;
import io.jpatroni.daemon.model.BootInstant;
import io.jpatroni.daemon.model.FencePolicy;
import io.jpatroni.daemon.model.GuardSettings;
import io.jpatroni.daemon.model.GuardStatus;
import io.jpatroni.watchdog.DeviceFactory;
import io.jpatroni.watchdog.Watchdog;
import io.jpatroni.watchdog.WatchdogDriver;
import io.jpatroni.watchdog.WatchdogException;
import io.jpatroni.watchdog.WatchdogMode;
import io.jpatroni.watchdog.WatchdogSettings;
import io.jpatroni.watchdog.fence.BootClock;
import io.jpatroni.watchdog.fence.BootTime;
import io.jpatroni.watchdog.fence.FenceGuard;
import io.jpatroni.watchdog.fence.FenceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link Guards} port over the watchdog module: Patroni's watchdog device ({@link Watchdog}) and jpatroni's fence
 * ({@link FenceGuard}), both configured from the {@code watchdog} section and the dynamic {@code ttl} /
 * {@code loop_wait} in force. Called from the HA loop's thread, and at shutdown.
 */
public final class WatchdogGuards implements Guards {
    /** The fence script under the jpatroni installation: {@code $JPATRONI_HOME/bin/jpatroni-fence}. */
    public static final String FENCE_SCRIPT = "bin/" + FenceSpec.SCRIPT_NAME;

    private final Supplier<WatchdogConfig> config;
    private final Watchdog watchdog;
    private final FenceGuard fence;
    private final BootClock clock;
    private WatchdogSettings current;
    /** Activated and not disabled since: a keepalive may arm the fence (Patroni's keepalive of a device it opened). */
    private boolean activated;

    /**
     * @param config  the {@code watchdog} section in force (SIGHUP may change it)
     * @param initial the ttl and loop_wait in force at start
     * @throws WatchdogException {@code mode: required} where no watchdog device can exist: the node must not start
     */
    public WatchdogGuards(Supplier<WatchdogConfig> config, HaSettings initial, Path home, Path dataDir,
                          DeviceFactory devices, BootClock clock) throws WatchdogException {
        this.config = config;
        this.clock = clock;
        keepJnaInside(dataDir);
        this.current = settings(config.get(), initial.ttl(), initial.loopWait());
        this.watchdog = Watchdog.create(current, devices);
        this.fence = new FenceGuard(FenceSpec.of(home.resolve(FENCE_SCRIPT), dataDir), current);
    }

    /** The module's reading of a {@code watchdog} section with the dynamic ttl and loop_wait. */
    public static WatchdogSettings settings(WatchdogConfig c, Duration ttl, Duration loopWait) {
        return new WatchdogSettings(WatchdogMode.parse(c.mode().name()), WatchdogDriver.parse(c.driver()),
                Path.of(c.device()), c.safetyMargin(), (int) ttl.toSeconds(), (int) loopWait.toSeconds());
    }

    /** What the decision needs to know of a {@code watchdog} section. */
    public static GuardSettings guardSettings(WatchdogConfig c) {
        WatchdogSettings s = settings(c, Duration.ZERO, Duration.ZERO);
        FencePolicy fence = switch (s.fenceUse()) {
            case OFF -> FencePolicy.OFF;
            case WHEN_FAILOVER_POSSIBLE -> FencePolicy.WHEN_FAILOVER_POSSIBLE;
            case WHILE_LEADER -> FencePolicy.WHILE_LEADER;
        };
        return new GuardSettings(s.deviceMode() != WatchdogMode.OFF, fence);
    }

    @Override
    public BootInstant bootNow() {
        return new BootInstant(clock.now().centis());
    }

    @Override
    public boolean activate(boolean armFence, BootInstant renewedAt) {
        boolean device = watchdog.activate();
        boolean fenced = true;
        if (armFence && device) {
            fenced = fence.activate(boot(renewedAt));
        } else {
            fence.disable();
        }
        if (!(device && fenced)) {
            disable();   // refused: this node will not lead, nothing may count down on its behalf
            return false;
        }
        activated = true;
        return true;
    }

    @Override
    public void keepalive(boolean armFence, BootInstant renewedAt) {
        watchdog.keepalive();
        if (!activated) {
            return;   // the lock write of a cycle that activates next (enforce_primary_role): that arms the fence
        }
        if (!armFence) {
            fence.disable();
        } else if (fence.isRunning()) {
            fence.keepalive(boot(renewedAt));
        } else {
            fence.activate(boot(renewedAt));   // failover became possible while we lead: arm from this lock write
        }
    }

    @Override
    public Optional<Duration> timeLeft() {
        return fence.deadline().map(clock.now()::until);
    }

    @Override
    public void disable() {
        activated = false;
        watchdog.disable();
        fence.disable();
    }

    @Override
    public GuardStatus status() {
        return new GuardStatus(watchdog.isRunning() || fence.isRunning(), watchdog.isHealthy() && fence.isHealthy());
    }

    @Override
    public void reload(HaSettings settings) {
        WatchdogSettings next = settings(config.get(), settings.ttl(), settings.loopWait());
        if (!next.equals(current)) {
            current = next;
            watchdog.reload(next);
            fence.reload(next);
        }
    }

    /** {@code GET /patroni}'s {@code watchdog_failed}: {@code mode: required} cannot be met. */
    public boolean isHealthy() {
        return watchdog.isHealthy() && fence.isHealthy();
    }

    /** A paused shutdown, or one that stopped PostgreSQL: nothing counts down any more, the fence process ends. */
    public void close() {
        activated = false;
        watchdog.disable();
        fence.close();
    }

    /**
     * The shutdown could not stop PostgreSQL: leave both counting, as Patroni leaves its watchdog running; the fence
     * stops PostgreSQL at its deadline and exits.
     */
    public void abandon() {
        fence.abandon();
    }

    /** Something is counting down (Patroni's {@code watchdog.is_running}). */
    public boolean isRunning() {
        return watchdog.isRunning() || fence.isRunning();
    }

    /**
     * JNA unpacks its native library (for a real watchdog device only) into {@code ~/.cache/JNA} by default; jpatroni
     * writes nothing outside the data directory, the configuration directory, the pgpass file and the log directory,
     * so it unpacks into the data directory instead, where JNA deletes the file as soon as it is loaded. An operator's
     * own {@code -Djna.tmpdir} (or Debian's {@code libjna-jni} with {@code -Djna.nounpack=true}) wins.
     */
    static void keepJnaInside(Path dataDir) {
        if (System.getProperty("jna.tmpdir") == null && System.getProperty("jna.nounpack") == null) {
            System.setProperty("jna.tmpdir", dataDir.toAbsolutePath().toString());
        }
    }

    private static BootTime boot(BootInstant at) {
        return new BootTime(at.centis());
    }
}
