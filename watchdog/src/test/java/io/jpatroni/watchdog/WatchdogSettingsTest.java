package io.jpatroni.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogSettingsTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture("io.jpatroni.watchdog");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"required,REQUIRED", "require,REQUIRED", "Required,REQUIRED", "automatic,AUTOMATIC", "auto,AUTOMATIC",
        "AUTO,AUTOMATIC", "off,OFF", "disable,OFF", "disabled,OFF", "OFF,OFF"})
    void modeSpellingsPatroniAccepts(String yaml, WatchdogMode mode) {
        assertThat(WatchdogMode.parse(yaml)).isEqualTo(mode);
        assertThat(logs.lines()).isEmpty();
    }

    @Test
    void anUnquotedOffIsFalseAndAbsentIsAutomatic() {
        assertThat(WatchdogMode.parse(false)).isEqualTo(WatchdogMode.OFF);
        assertThat(WatchdogMode.parse(null)).isEqualTo(WatchdogMode.AUTOMATIC);
    }

    @Test
    void anUnknownModeWarnsAndDisables() {
        assertThat(WatchdogMode.parse("always")).isEqualTo(WatchdogMode.OFF);
        assertThat(logs.lines()).containsExactly("WARN Watchdog mode always not recognized, disabling watchdog");
    }

    @Test
    void defaultsArePatronis() {
        WatchdogSettings s = WatchdogSettings.of(Map.of(), 30, 10);

        assertThat(s).isEqualTo(new WatchdogSettings(WatchdogMode.AUTOMATIC, WatchdogDriver.DEFAULT,
                Path.of("/dev/watchdog"), 5, 30, 10));
        assertThat(s.timeout()).isEqualTo(25);
        assertThat(s.timingSlack()).isEqualTo(15);
    }

    @Test
    void theSectionIsRead() {
        WatchdogSettings s = WatchdogSettings.of(
                Map.of("mode", "required", "driver", "testing", "device", "/tmp/wd", "safety_margin", 10), 60, 5);

        assertThat(s).isEqualTo(new WatchdogSettings(WatchdogMode.REQUIRED, WatchdogDriver.TESTING, Path.of("/tmp/wd"),
                10, 60, 5));
        assertThat(s.timeout()).isEqualTo(50);
    }

    @ParameterizedTest(name = "ttl {0}, margin {1}, loop_wait {2}: timeout {3}, slack {4}")
    @CsvSource({"30,5,10,25,15", "30,-1,10,15,5", "31,-1,10,15,5", "20,5,10,15,5", "14,5,10,9,-1", "10,-1,5,5,0"})
    void timeoutAndSlack(int ttl, int margin, int loopWait, int timeout, int slack) {
        WatchdogSettings s = new WatchdogSettings(WatchdogMode.AUTOMATIC, WatchdogDriver.DEFAULT,
                WatchdogSettings.DEFAULT_DEVICE, margin, ttl, loopWait);

        assertThat(s.timeout()).isEqualTo(timeout);
        assertThat(s.timingSlack()).isEqualTo(slack);
    }

    @Test
    void driverNamesAreExact() {
        assertThat(WatchdogDriver.parse(null)).isEqualTo(WatchdogDriver.DEFAULT);
        assertThat(WatchdogDriver.parse("default")).isEqualTo(WatchdogDriver.DEFAULT);
        assertThat(WatchdogDriver.parse("testing")).isEqualTo(WatchdogDriver.TESTING);
        assertThat(WatchdogDriver.parse("fence")).isEqualTo(WatchdogDriver.FENCE);
        assertThat(WatchdogDriver.parse("Testing")).isEqualTo(WatchdogDriver.UNKNOWN);
        assertThat(WatchdogDriver.parse("softdog")).isEqualTo(WatchdogDriver.UNKNOWN);
    }

    @ParameterizedTest(name = "mode {0}, driver {1}: device {2}, fence {3}, fence required {4}")
    @CsvSource({
        "OFF,DEFAULT,OFF,OFF,false",
        "OFF,FENCE,OFF,OFF,false",
        "AUTOMATIC,DEFAULT,AUTOMATIC,WHEN_FAILOVER_POSSIBLE,false",
        "REQUIRED,DEFAULT,REQUIRED,WHEN_FAILOVER_POSSIBLE,false",
        "AUTOMATIC,TESTING,AUTOMATIC,OFF,false",
        "REQUIRED,TESTING,REQUIRED,OFF,false",
        "AUTOMATIC,FENCE,OFF,WHILE_LEADER,false",
        "REQUIRED,FENCE,OFF,WHILE_LEADER,true",
        "AUTOMATIC,UNKNOWN,AUTOMATIC,OFF,false"})
    void whatEachModeAndDriverUse(WatchdogMode mode, WatchdogDriver driver, WatchdogMode device, FenceUse fence,
                                  boolean fenceRequired) {
        WatchdogSettings s = new WatchdogSettings(mode, driver, WatchdogSettings.DEFAULT_DEVICE, 5, 30, 10);

        assertThat(s.deviceMode()).isEqualTo(device);
        assertThat(s.fenceUse()).isEqualTo(fence);
        assertThat(s.fenceRequired()).isEqualTo(fenceRequired);
    }

    @ParameterizedTest(name = "{0}: primary with lock {1}, paused {2}, failover possible {3} -> {4}")
    @CsvSource({
        "OFF,true,false,true,false",
        "WHEN_FAILOVER_POSSIBLE,true,false,true,true",
        "WHEN_FAILOVER_POSSIBLE,true,false,false,false",
        "WHEN_FAILOVER_POSSIBLE,true,true,true,false",
        "WHEN_FAILOVER_POSSIBLE,false,false,true,false",
        "WHILE_LEADER,true,false,false,true",
        "WHILE_LEADER,true,true,false,false",
        "WHILE_LEADER,false,false,true,false"})
    void whenTheFenceIsArmed(FenceUse use, boolean primaryWithLock, boolean paused, boolean failoverPossible,
                             boolean armed) {
        assertThat(use.armed(primaryWithLock, paused, failoverPossible)).isEqualTo(armed);
    }
}
