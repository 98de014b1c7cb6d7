package dev.vitals.it;

import java.util.ArrayList;
import java.util.List;

/**
 * An application with steady memory use, or with a slow leak: {@code leak} keeps 100 KB more every 20 ms in a list
 * that only grows (about 300 MB/min); {@code steady} holds the same 20 MB throughout. Both make the same garbage, and
 * both ask for a full GC every half second so that the old generation's after-GC figure is fresh within a short test
 * (a real application gets there by itself, only slower).
 */
public final class MemoryApp {
    private static final List<byte[]> RETAINED = new ArrayList<>();

    private MemoryApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean leak = args.length > 0 && args[0].equals("leak");
        if (!leak) {
            for (int i = 0; i < 200; i++) {
                RETAINED.add(new byte[100 * 1024]);
            }
        }
        System.out.println("memory-app ready (" + (leak ? "leak" : "steady") + ")");
        long garbage = 0;
        for (int i = 1; ; i++) {
            if (leak && RETAINED.size() < 2_000) {
                RETAINED.add(new byte[100 * 1024]);
            }
            for (int j = 0; j < 10; j++) {
                garbage += new byte[64 * 1024].length;
            }
            if (i % 25 == 0) {
                System.gc();
            }
            Thread.sleep(20);
            if (garbage < 0) {
                System.out.println(garbage);
            }
        }
    }
}
