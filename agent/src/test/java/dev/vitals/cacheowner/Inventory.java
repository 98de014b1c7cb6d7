package dev.vitals.cacheowner;

import dev.vitals.bootstrap.cache.LocalCacheRecorder;

/** An application class that uses an unnamed cache, outside the agent's packages (whose frames never name a cache). */
public final class Inventory {
    private Inventory() {
    }

    public static void put(LocalCacheRecorder recorder, Object cache) {
        recorder.exitPut(recorder.enter(LocalCacheRecorder.CAFFEINE, cache, null, false));
    }
}
