package example;

/**
 * Prints {@code sleeper ready pid=<pid>} and sleeps: a target for attaching and for polling endpoints.
 * Exits by itself after the number of seconds in its first argument (default 120), so that a crashed test
 * cannot leave it running for long.
 */
public final class SleeperApp {
    private SleeperApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 120;
        System.out.println("sleeper ready pid=" + ProcessHandle.current().pid());
        Thread.sleep(seconds * 1000);
        System.out.println("sleeper done");
    }
}
