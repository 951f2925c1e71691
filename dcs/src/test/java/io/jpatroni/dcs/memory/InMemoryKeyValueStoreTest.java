package io.jpatroni.dcs.memory;

import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.KeyValueStoreContract;
import io.jpatroni.dcs.kv.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryKeyValueStoreTest extends KeyValueStoreContract {
    private final MutableClock clock = new MutableClock();
    private final InMemoryKeyValueStore shared = new InMemoryKeyValueStore(clock);

    @Override
    protected KeyValueStore newStore() {
        return shared;
    }

    @Override
    protected void letLeaseExpire(long ttlSeconds) {
        clock.advance(Duration.ofSeconds(ttlSeconds));
    }

    @Test
    void unavailableStoreThrows() {
        shared.setAvailable(false);
        assertThatThrownBy(() -> shared.getPrefix("/")).isInstanceOf(DcsUnavailableException.class);
        shared.setAvailable(true);
    }
}
