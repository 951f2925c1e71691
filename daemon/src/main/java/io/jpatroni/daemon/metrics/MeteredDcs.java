package io.jpatroni.daemon.metrics;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The daemon's {@link Dcs} with its failures and its lock writes counted in {@link DaemonMetrics}: every operation
 * that throws {@link DcsUnavailableException} is a DCS error (labelled with the operation), {@code updateLeader} a
 * lock renewal and {@code attemptToAcquireLeader} an acquisition, by outcome. A proxy, so that it follows the
 * interface as it grows; it changes no answer and no exception.
 */
public final class MeteredDcs implements InvocationHandler {
    private final Dcs delegate;
    private final DaemonMetrics metrics;

    private MeteredDcs(Dcs delegate, DaemonMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    public static Dcs wrap(Dcs dcs, DaemonMetrics metrics) {
        return (Dcs) Proxy.newProxyInstance(Dcs.class.getClassLoader(), new Class<?>[] {Dcs.class},
                new MeteredDcs(dcs, metrics));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "MeteredDcs[" + delegate + "]";
            };
        }
        String name = method.getName();
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DcsUnavailableException) {
                metrics.dcsError(DaemonMetrics.snake(name));
                if (name.equals("updateLeader")) {
                    metrics.lockRenewal("dcs_error");
                } else if (name.equals("attemptToAcquireLeader")) {
                    metrics.lockAcquisition("dcs_error");
                }
            }
            throw cause;
        }
        if (name.equals("updateLeader")) {
            metrics.lockRenewal(Boolean.TRUE.equals(result) ? "renewed" : "failed");
        } else if (name.equals("attemptToAcquireLeader")) {
            metrics.lockAcquisition(Boolean.TRUE.equals(result) ? "acquired" : "failed");
        }
        return result;
    }
}
