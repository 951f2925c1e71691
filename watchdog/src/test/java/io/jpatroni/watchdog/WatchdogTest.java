package io.jpatroni.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WatchdogTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture("io.jpatroni.watchdog");

    private final FakeDevice device = new FakeDevice();
    private final List<WatchdogSettings> created = new ArrayList<>();
    private final DeviceFactory factory = s -> {
        created.add(s);
        return device;
    };

    private static WatchdogSettings settings(WatchdogMode mode, int ttl, int loopWait, int margin) {
        return new WatchdogSettings(mode, WatchdogDriver.DEFAULT, WatchdogSettings.DEFAULT_DEVICE, margin, ttl, loopWait);
    }

    private static WatchdogSettings automatic() {
        return settings(WatchdogMode.AUTOMATIC, 30, 10, 5);
    }

    private static WatchdogSettings required() {
        return settings(WatchdogMode.REQUIRED, 30, 10, 5);
    }

    @Test
    void offNeverCreatesADevice() throws Exception {
        Watchdog w = Watchdog.create(settings(WatchdogMode.OFF, 30, 10, 5), factory);

        assertThat(w.activate()).isTrue();
        w.keepalive();
        w.disable();

        assertThat(created).isEmpty();
        assertThat(w.isRunning()).isFalse();
        assertThat(w.isHealthy()).isTrue();
        assertThat(logs.lines()).isEmpty();
    }

    @Test
    void theFenceDriverUsesNoDeviceEvenWhenRequired() throws Exception {
        WatchdogSettings fence = new WatchdogSettings(WatchdogMode.REQUIRED, WatchdogDriver.FENCE,
                WatchdogSettings.DEFAULT_DEVICE, 5, 30, 10);

        Watchdog w = Watchdog.create(fence, factory);

        assertThat(w.activate()).isTrue();
        assertThat(created).isEmpty();
    }

    @Test
    void requiredWithoutAnyDeviceRefusesToStart() {
        assertThatThrownBy(() -> Watchdog.create(required(), s -> new NullWatchdog()))
                .isInstanceOf(WatchdogException.class)
                .hasMessage("Configuration requires a watchdog, but watchdog is not supported on this platform.");
        assertThat(logs.lines()).containsExactly(
                "ERROR Configuration requires a watchdog, but watchdog is not supported on this platform.");
    }

    @Test
    void activationSetsTtlMinusSafetyMargin() throws Exception {
        Watchdog w = Watchdog.create(automatic(), factory);

        assertThat(w.activate()).isTrue();

        assertThat(device.calls).containsExactly("open", "set-timeout 25");
        assertThat(w.isRunning()).isTrue();
        assertThat(logs.lines()).containsExactly("INFO Fake watchdog activated with 25 second timeout, timing slack 15 seconds");
    }

    @Test
    void safetyMarginMinusOneIsHalfTheTtl() throws Exception {
        Watchdog w = Watchdog.create(settings(WatchdogMode.AUTOMATIC, 31, 10, -1), factory);

        w.activate();

        assertThat(device.calls).containsExactly("open", "set-timeout 15");
    }

    @Test
    void automaticLeadsWithoutADeviceThatCannotOpenAndDoesNotRetryIt() throws Exception {
        device.openFails = true;
        Watchdog w = Watchdog.create(automatic(), factory);

        assertThat(w.activate()).isTrue();
        assertThat(w.activate()).isTrue();

        assertThat(device.calls).containsExactly("open");
        assertThat(w.isRunning()).isFalse();
        assertThat(logs.lines()).containsExactly(
                "WARN Could not activate Fake watchdog: Can't open watchdog device: Permission denied");
    }

    @Test
    void requiredRefusesLeadershipWhenTheDeviceCannotOpen() throws Exception {
        device.openFails = true;
        Watchdog w = Watchdog.create(required(), factory);

        assertThat(w.activate()).isFalse();

        assertThat(logs.lines()).containsExactly(
                "WARN Could not activate Fake watchdog: Can't open watchdog device: Permission denied",
                "ERROR Configuration requires watchdog, but watchdog could not be configured.");
    }

    @Test
    void aDeviceThatKeepsALongerTimeoutIsUnsafe() throws Exception {
        device.setTimeoutSupported = false;   // stays at 60 s, beyond the 25 s the lock allows
        Watchdog auto = Watchdog.create(automatic(), factory);

        assertThat(auto.activate()).isTrue();
        assertThat(logs.lines()).containsExactly(
                "WARN Watchdog timeout 60 seconds does not ensure safe termination within 25 seconds",
                "INFO Fake watchdog activated with 60 second timeout, timing slack 15 seconds");

        logs.clear();
        auto.disable();
        Watchdog strict = Watchdog.create(required(), factory);
        assertThat(strict.activate()).isFalse();
        assertThat(logs.lines()).containsExactly("ERROR Configuration requires watchdog, but a safe watchdog timeout 25"
                + " could not be configured. Watchdog timeout is 60.");
    }

    @Test
    void aTimeoutShorterThanLoopWaitIsClosedAgain() throws Exception {
        device.settlesOn = 5;
        Watchdog w = Watchdog.create(required(), factory);

        assertThat(w.activate()).isFalse();

        assertThat(device.calls).containsExactly("open", "set-timeout 25", "close");
        assertThat(logs.lines()).containsExactly(
                "ERROR loop_wait of 10 seconds is too long for watchdog 5 second timeout",
                "INFO Disabling watchdog due to unsafe timeout.",
                "ERROR Configuration requires watchdog, but watchdog could not be configured.");
    }

    @Test
    void aTtlWithNoRoomForLoopWaitGetsNoWatchdog() throws Exception {
        WatchdogSettings tooShort = settings(WatchdogMode.REQUIRED, 14, 10, 5);   // timeout 9 < loop_wait 10
        Watchdog w = Watchdog.create(tooShort, factory);

        assertThat(w.isHealthy()).isFalse();
        assertThat(w.activate()).isFalse();

        assertThat(device.calls).isEmpty();
        assertThat(logs.lines()).containsExactly(
                "WARN Watchdog not supported because leader TTL 14 is less than 2x loop_wait 10",
                "ERROR Configuration requires watchdog, but watchdog could not be configured.");
    }

    @Test
    void aDeviceLeftUnconfiguredAfterOpeningIsClosed() throws Exception {
        device.setTimeoutFails = true;
        Watchdog w = Watchdog.create(automatic(), factory);

        assertThat(w.activate()).isTrue();

        assertThat(device.calls).containsExactly("open", "set-timeout 25", "close");
        assertThat(device.isRunning()).isFalse();
    }

    @Test
    void keepaliveReachesOnlyAnActiveDevice() throws Exception {
        Watchdog w = Watchdog.create(automatic(), factory);
        w.keepalive();
        assertThat(device.calls).isEmpty();

        w.activate();
        w.keepalive();
        w.disable();
        w.keepalive();

        assertThat(device.calls).containsExactly("open", "set-timeout 25", "keepalive", "close");
        assertThat(w.isRunning()).isFalse();
    }

    @Test
    void aChangedTtlReArmsAtTheNextKeepalive() throws Exception {
        Watchdog w = Watchdog.create(automatic(), factory);
        w.activate();
        logs.clear();

        w.reload(settings(WatchdogMode.AUTOMATIC, 40, 10, 5));
        assertThat(device.calls).containsExactly("open", "set-timeout 25");
        w.keepalive();
        w.keepalive();

        assertThat(device.calls).containsExactly("open", "set-timeout 25", "keepalive", "set-timeout 35", "keepalive");
        assertThat(logs.lines()).containsExactly("INFO Fake watchdog updated with 35 second timeout, timing slack 25 seconds");
    }

    @Test
    void turningItOffClosesAtOnceAndOnAgainReopensAtTheNextKeepalive() throws Exception {
        Watchdog w = Watchdog.create(automatic(), factory);
        w.activate();

        w.reload(settings(WatchdogMode.OFF, 30, 10, 5));
        assertThat(device.calls).containsExactly("open", "set-timeout 25", "close");
        w.keepalive();
        assertThat(device.calls).hasSize(3);

        w.reload(automatic());
        w.keepalive();
        assertThat(device.calls).containsExactly("open", "set-timeout 25", "close", "open", "set-timeout 25");
        assertThat(w.isRunning()).isTrue();
    }

    @Test
    void anotherDeviceIsSwappedInAtOnceWhenInactiveAndAtTheNextKeepaliveWhenActive() throws Exception {
        Watchdog w = Watchdog.create(automatic(), factory);
        WatchdogSettings other = new WatchdogSettings(WatchdogMode.AUTOMATIC, WatchdogDriver.DEFAULT,
                Path.of("/dev/watchdog1"), 5, 30, 10);

        w.reload(other);
        assertThat(created).hasSize(2);

        w.activate();
        w.reload(automatic());
        assertThat(created).hasSize(2);
        w.keepalive();

        assertThat(created).hasSize(3);
        assertThat(device.calls).containsExactly("open", "set-timeout 25", "keepalive", "close", "open", "set-timeout 25");
    }

    @Test
    void aDeviceThatCannotBeDisabledGetsALastKeepaliveAndAWarning() throws Exception {
        device.magicClose = false;
        Watchdog w = Watchdog.create(automatic(), factory);
        w.activate();
        logs.clear();

        w.disable();

        assertThat(device.calls).containsExactly("open", "set-timeout 25", "keepalive", "close");
        assertThat(logs.lines()).containsExactly("WARN Watchdog implementation can't be disabled. System will reboot"
                + " after 25 seconds when watchdog times out.");
    }

    @Test
    void aFailedKeepaliveIsLogged() throws Exception {
        Watchdog w = Watchdog.create(automatic(), factory);
        w.activate();
        logs.clear();
        device.keepaliveFails = true;

        w.keepalive();

        assertThat(logs.lines()).containsExactly(
                "ERROR Error while sending keepalive: Could not send watchdog keepalive: Bad file descriptor");
    }

    @Test
    void onlyRequiredModeCanBeUnhealthy() throws Exception {
        device.healthy = false;

        assertThat(Watchdog.create(automatic(), factory).isHealthy()).isTrue();
        assertThat(Watchdog.create(required(), factory).isHealthy()).isFalse();
        device.healthy = true;
        assertThat(Watchdog.create(required(), factory).isHealthy()).isTrue();
    }
}
