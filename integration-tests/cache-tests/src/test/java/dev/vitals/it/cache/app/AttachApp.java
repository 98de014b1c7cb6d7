package dev.vitals.it.cache.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Builds and uses a Caffeine cache with no agent, prints {@code CACHE BUILT}, waits until an agent attached later
 * listens on {@code args[0]}, then reads the same cache: 2 hits and 1 miss, 1 put. Prints {@code SCENARIO DONE},
 * then stays up.
 */
public final class AttachApp {
    private AttachApp() {
    }

    public static void main(String[] args) throws Exception {
        Cache<String, String> sessions = Caffeine.newBuilder().maximumSize(100).build();
        sessions.put("s1", "alice");
        sessions.getIfPresent("s1");
        sessions.getIfPresent("s2");
        System.out.println("CACHE BUILT");
        AgentReady.await(args[0]);
        sessions.getIfPresent("s1");
        sessions.getIfPresent("s1");
        sessions.getIfPresent("s3");
        sessions.put("s3", "carol");
        System.out.println("SCENARIO DONE");
        Thread.currentThread().join();
    }
}
