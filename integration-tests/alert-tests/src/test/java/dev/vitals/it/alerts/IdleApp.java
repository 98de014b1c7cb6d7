package dev.vitals.it.alerts;

/** An application that does nothing but live, so that the agent beside it can be driven through its API. */
public final class IdleApp {
    private IdleApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle-app ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
