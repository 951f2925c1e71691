package io.jpatroni.daemon.model;

/**
 * A moment on the boot clock ({@code CLOCK_BOOTTIME}, suspended time included) in centiseconds, as the fence counts
 * its deadlines: the start of the lock write a keepalive extends from.
 */
public record BootInstant(long centis) {
}
