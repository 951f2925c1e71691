package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.dcs.model.Cluster;
import java.util.Optional;

/** Where the loop asks, each cycle, for the settings in force. */
public interface SettingsSource {

    /** DCS dynamic config (when known) merged with the local file; the last known when {@code cluster} is empty. */
    HaSettings settings(Optional<Cluster> cluster);
}
