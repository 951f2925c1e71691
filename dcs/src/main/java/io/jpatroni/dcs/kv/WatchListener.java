package io.jpatroni.dcs.kv;

import java.util.List;

/** Receives watch events in revision order; {@link #onBroken} once when the watch ends unexpectedly. */
public interface WatchListener {
    void onEvents(List<WatchEvent> events);

    void onBroken(Throwable cause);
}
