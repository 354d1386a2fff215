package com.verdictdigest.subscribers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bucket;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per client IP and per address for sign-up requests, held in memory
 * per instance. The bound that matters across instances, mails per address per day, is kept in
 * the database by {@link SignupService}.
 */
@Component
class SignupRateLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final SubscribersProperties.RateLimit perIp;
    private final SubscribersProperties.RateLimit perAddress;
    private final Map<String, Bucket> ipBuckets = lru();
    private final Map<String, Bucket> addressBuckets = lru();

    SignupRateLimiter(SubscribersProperties properties) {
        this.perIp = properties.perIp();
        this.perAddress = properties.perAddress();
    }

    boolean tryIp(String ip) {
        return ipBuckets.computeIfAbsent(ip == null ? "?" : ip, k -> bucket(perIp)).tryConsume(1);
    }

    boolean tryAddress(String emailKey) {
        return addressBuckets.computeIfAbsent(emailKey, k -> bucket(perAddress)).tryConsume(1);
    }

    private static Bucket bucket(SubscribersProperties.RateLimit limit) {
        return Bucket.builder()
                .addLimit(b -> b.capacity(limit.requests()).refillGreedy(limit.requests(), limit.per()))
                .build();
    }

    /** Forgets the least recently seen keys first, so a flood of addresses cannot fill the heap. */
    private static Map<String, Bucket> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > MAX_TRACKED;
            }
        });
    }
}
