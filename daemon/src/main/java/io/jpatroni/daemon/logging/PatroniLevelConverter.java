package io.jpatroni.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Level names as Python's logging prints them, so Patroni users' greps keep working (WARNING, not WARN). */
public final class PatroniLevelConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level == Level.WARN) {
            return "WARNING";
        }
        return level.levelStr;
    }
}
