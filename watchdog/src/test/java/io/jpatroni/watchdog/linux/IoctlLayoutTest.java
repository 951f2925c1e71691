package io.jpatroni.watchdog.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The request numbers of {@code <linux/watchdog.h>}. Generic values as the kernel headers of this x86_64 machine
 * define them (checked with a C program printing the macros); powerpc/mips/sparc and parisc worked out from their
 * {@code asm/ioctl.h}.
 */
class IoctlLayoutTest {

    @Test
    void genericRequestsMatchTheKernelHeaders() {
        WatchdogIoctl r = WatchdogIoctl.of(IoctlLayout.GENERIC);

        assertThat(r.getSupport()).isEqualTo(0x80285700L);
        assertThat(r.keepalive()).isEqualTo(0x80045705L);
        assertThat(r.setTimeout()).isEqualTo(0xC0045706L);
        assertThat(r.getTimeout()).isEqualTo(0x80045707L);
        assertThat(IoctlLayout.GENERIC.read('W', 1, 4)).as("WDIOC_GETSTATUS").isEqualTo(0x80045701L);
        assertThat(IoctlLayout.GENERIC.read('W', 10, 4)).as("WDIOC_GETTIMELEFT").isEqualTo(0x8004570AL);
    }

    @Test
    void powerpcMipsAndSparcHaveThreeDirectionBits() {
        WatchdogIoctl r = WatchdogIoctl.of(IoctlLayout.POWERPC_MIPS_SPARC);

        assertThat(r.getSupport()).isEqualTo(0x40285700L);
        assertThat(r.keepalive()).isEqualTo(0x40045705L);
        assertThat(r.setTimeout()).isEqualTo(0xC0045706L);
        assertThat(r.getTimeout()).isEqualTo(0x40045707L);
        assertThat(IoctlLayout.POWERPC_MIPS_SPARC.none('W', 0)).isEqualTo(0x20005700L);
    }

    @Test
    void pariscSwapsReadAndWrite() {
        assertThat(IoctlLayout.PARISC.read('W', 7, 4)).isEqualTo(0x40045707L);
        assertThat(IoctlLayout.PARISC.write('W', 7, 4)).isEqualTo(0x80045707L);
    }

    @Test
    void theLayoutFollowsTheArchitecture() {
        assertThat(IoctlLayout.of("amd64")).isEqualTo(IoctlLayout.GENERIC);
        assertThat(IoctlLayout.of("aarch64")).isEqualTo(IoctlLayout.GENERIC);
        assertThat(IoctlLayout.of("ppc64le")).isEqualTo(IoctlLayout.POWERPC_MIPS_SPARC);
        assertThat(IoctlLayout.of("mips64el")).isEqualTo(IoctlLayout.POWERPC_MIPS_SPARC);
        assertThat(IoctlLayout.of("sparcv9")).isEqualTo(IoctlLayout.POWERPC_MIPS_SPARC);
        assertThat(IoctlLayout.of("parisc")).isEqualTo(IoctlLayout.PARISC);
    }

    @Test
    void fieldsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> IoctlLayout.GENERIC.read('W', 256, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IoctlLayout.POWERPC_MIPS_SPARC.read('W', 0, 1 << 13))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
