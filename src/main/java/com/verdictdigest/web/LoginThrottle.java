package com.verdictdigest.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.verdictdigest.system.ClientAddresses;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import org.springframework.stereotype.Component;

/**
 * Failed logins per user name and per client address (IPv6 by its /64), as Bucket4j token
 * buckets on the application's clock: each failure takes a token, tokens come back one by one
 * over {@code verdict.web.login.lock}, and while either bucket is empty every login of that user
 * or from that address is refused before its password is looked at, the right one too. Held in
 * memory per instance; the failures themselves are recorded by {@link LoginAudit}.
 */
@Component
public class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final WebProperties.Login limits;
    private final TimeMeter time;
    private final Map<String, Bucket> users = lru();
    private final Map<String, Bucket> addresses = lru();

    LoginThrottle(WebProperties properties, Clock clock) {
        this.limits = properties.login();
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** How long logins of this user or from this address are refused; empty if they are not. */
    public Optional<Duration> lockedFor(String username, String clientAddress) {
        long nanos = Math.max(waitNanos(users.get(userKey(username))), waitNanos(addresses.get(ClientAddresses.rateKey(clientAddress))));
        return nanos <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** Counts a refused password against the user name and the address. */
    public void failed(String username, String clientAddress) {
        users.computeIfAbsent(userKey(username), k -> bucket(limits.perUser())).tryConsume(1);
        addresses.computeIfAbsent(ClientAddresses.rateKey(clientAddress), k -> bucket(limits.perAddress())).tryConsume(1);
    }

    private static long waitNanos(Bucket bucket) {
        return bucket == null ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    private Bucket bucket(int capacity) {
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(b -> b.capacity(capacity).refillGreedy(capacity, limits.lock()))
                .build();
    }

    private static String userKey(String username) {
        String u = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return u.length() > 100 ? u.substring(0, 100) : u;
    }

    /** Forgets the least recently seen keys first, so a flood of names cannot fill the heap. */
    private static Map<String, Bucket> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > MAX_TRACKED;
            }
        });
    }
}
