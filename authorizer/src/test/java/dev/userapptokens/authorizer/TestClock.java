package dev.userapptokens.authorizer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/**
 * The function's clock in tests (it replaces the default system clock bean), so expiry and the
 * once-a-minute lastUsedAt write can be tested by moving time forward instead of waiting.
 */
@Singleton
public class TestClock extends Clock {

    private volatile Instant now = Instant.now();

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
