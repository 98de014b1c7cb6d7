package dev.vitals.it.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * An application with a leak on purpose: it keeps 1 MB more every 50 ms, up to {@link #LIMIT_MB}, and runs a GC
 * every 500 ms so that the heap left after GC, which the agent's leak detector watches, climbs steadily.
 */
public final class LeakyApp {
    static final int LIMIT_MB = 200;
    private static final List<byte[]> RETAINED = new ArrayList<>();

    private LeakyApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("leaky-app ready");
        for (int i = 0; ; i++) {
            if (RETAINED.size() < LIMIT_MB) {
                RETAINED.add(new byte[1024 * 1024]);
            }
            if (i % 10 == 0) {
                System.gc();
            }
            Thread.sleep(50);
        }
    }
}
