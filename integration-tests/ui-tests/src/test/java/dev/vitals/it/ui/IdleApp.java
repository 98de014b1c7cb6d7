package dev.vitals.it.ui;

/** An application that does nothing for ten minutes, so that only the agent's listener is busy. */
public final class IdleApp {
    private IdleApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle app started");
        Thread.sleep(600_000);
    }
}
