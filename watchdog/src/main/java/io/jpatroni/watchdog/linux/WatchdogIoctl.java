package io.jpatroni.watchdog.linux;

/**
 * The requests of {@code <linux/watchdog.h>} this module uses, and the capability bits of {@code watchdog_info}.
 *
 * @param getSupport {@code WDIOC_GETSUPPORT}: fills a {@code struct watchdog_info}
 * @param keepalive  {@code WDIOC_KEEPALIVE}
 * @param setTimeout {@code WDIOC_SETTIMEOUT}: seconds in, the timeout the device settled on out
 * @param getTimeout {@code WDIOC_GETTIMEOUT}
 */
public record WatchdogIoctl(long getSupport, long keepalive, long setTimeout, long getTimeout) {
    /** {@code sizeof(struct watchdog_info)}: u32 options, u32 firmware_version, u8 identity[32]. */
    public static final int INFO_SIZE = 40;
    public static final int INT_SIZE = 4;
    /** {@code WDIOF_SETTIMEOUT}: the timeout can be set. */
    public static final int SETTIMEOUT = 0x0080;
    /** {@code WDIOF_MAGICCLOSE}: writing 'V' before close stops the countdown. */
    public static final int MAGICCLOSE = 0x0100;
    /** {@code WDIOF_KEEPALIVEPING}: {@code WDIOC_KEEPALIVE} is supported. */
    public static final int KEEPALIVEPING = 0x8000;

    private static final char BASE = 'W';

    /** The request numbers for {@code layout}. */
    public static WatchdogIoctl of(IoctlLayout layout) {
        return new WatchdogIoctl(layout.read(BASE, 0, INFO_SIZE), layout.read(BASE, 5, INT_SIZE),
                layout.readWrite(BASE, 6, INT_SIZE), layout.read(BASE, 7, INT_SIZE));
    }
}
