package io.jpatroni.dcs.etcd3;

import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The only place that touches jetcd futures: waits with a deadline, retries transient
 * unavailability (another endpoint may answer) until the deadline, and maps every failure to
 * {@link DcsUnavailableException}. Nothing above this package sees a future.
 */
final class Futures {
    private static final long RETRY_PAUSE_MS = 100;

    private Futures() {
    }

    /** Runs {@code call} until it succeeds or {@code timeout} has passed. */
    static <T> T await(String what, Duration timeout, Supplier<CompletableFuture<T>> call) {
        return await(what, timeout, timeout, call);
    }

    /**
     * How long one attempt may wait when the client knows {@code endpoints} members: Patroni's share of retry_timeout
     * per member (at least a second, and all of it for one member). A member cut off by a partition keeps its TCP
     * connection open and never answers; without a share, the first attempt that the client's round robin sends
     * there uses up the whole retry_timeout, and a leader demotes while the other members have quorum.
     */
    static Duration perAttempt(Duration timeout, int endpoints) {
        if (endpoints <= 1) {
            return timeout;
        }
        Duration share = timeout.dividedBy(endpoints);
        Duration floor = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1);
        return share.compareTo(floor) < 0 ? floor : share;
    }

    /**
     * Runs {@code call} until it succeeds or {@code timeout} has passed, each attempt given at most {@code attempt}:
     * an attempt that does not answer in time is cancelled and sent again (the next one goes to another member).
     */
    static <T> T await(String what, Duration timeout, Duration attempt, Supplier<CompletableFuture<T>> call) {
        return await(what, timeout, attempt, call, false);
    }

    /** As {@link #await(String, Duration, Duration, Supplier)}, for a caller's budget shorter than the timeout. */
    static <T> T awaitCutShort(String what, Duration budget, Duration attempt, Supplier<CompletableFuture<T>> call) {
        return await(what, budget, attempt, call, true);
    }

    private static <T> T await(String what, Duration timeout, Duration attempt, Supplier<CompletableFuture<T>> call,
                               boolean cutShort) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw unavailable(what, timeout, last, cutShort);
            }
            CompletableFuture<T> future;
            try {
                future = call.get();
            } catch (RuntimeException e) {   // e.g. the client was closed
                throw new DcsUnavailableException(what + " failed: " + e.getMessage(), e);
            }
            try {
                return future.get(Math.min(remaining, attempt.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                if (deadline - System.nanoTime() <= 0) {
                    throw unavailable(what, timeout, last, cutShort);
                }
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new DcsUnavailableException(what + ": interrupted");
            } catch (ExecutionException e) {
                last = e.getCause();
                if (!isTransient(last)) {
                    throw failure(what, last);
                }
                pause(Math.min(RETRY_PAUSE_MS, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    /** The gRPC-level error code of {@code t} or one of its causes. */
    static ErrorCode code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EtcdException e) {
                return e.getErrorCode();
            }
            if (c instanceof StatusRuntimeException s) {
                return ErrorCode.valueOf(s.getStatus().getCode().name());
            }
        }
        return ErrorCode.UNKNOWN;
    }

    static boolean isLeaseNotFound(Throwable t) {
        return code(t) == ErrorCode.NOT_FOUND && String.valueOf(message(t)).contains("lease not found");
    }

    private static boolean isTransient(Throwable t) {
        ErrorCode c = code(t);
        // "UNKNOWN: channel closed": the connection to the etcd member the call went to dropped (that member
        // stopped); another endpoint can take the retry, exactly as for UNAVAILABLE
        boolean channelClosed = c == ErrorCode.UNKNOWN
                && String.valueOf(message(t)).toLowerCase(java.util.Locale.ROOT).contains("channel closed");
        return c == ErrorCode.UNAVAILABLE || c == ErrorCode.DEADLINE_EXCEEDED || c == ErrorCode.ABORTED
                || channelClosed;
    }

    static RuntimeException failure(String what, Throwable cause) {
        if (isLeaseNotFound(cause)) {
            return new LeaseGoneException(cause);
        }
        return new DcsUnavailableException(what + " failed: " + code(cause) + " " + message(cause), cause);
    }

    private static DcsUnavailableException unavailable(String what, Duration timeout, Throwable last,
                                                       boolean cutShort) {
        String detail = last == null ? "" : " (last error: " + code(last) + " " + message(last) + ")";
        String message = what + ": etcd did not answer within " + timeout.toMillis() + " ms" + detail;
        return cutShort ? new DcsCutShortException(message + ", all the time left for it", last)
                : new DcsUnavailableException(message, last);
    }

    private static String message(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException s) {
                Status st = s.getStatus();
                return st.getDescription();
            }
        }
        return t == null ? "" : t.getMessage();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DcsUnavailableException("interrupted");
        }
    }

    /** Internal marker: the lease named in the request does not exist. */
    static final class LeaseGoneException extends RuntimeException {
        LeaseGoneException(Throwable cause) {
            super(cause);
        }
    }
}
