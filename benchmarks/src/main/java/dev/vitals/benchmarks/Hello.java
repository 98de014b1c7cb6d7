package dev.vitals.benchmarks;

/** The Hello World whose start {@link ProcessComparison} times: run from a directory holding only this class. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, World");
    }
}
