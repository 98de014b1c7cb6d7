package dev.vitals.bootstrap;

/**
 * The agent's set-up behind one hook, run by the hook's first call instead of at the application's start: a feature
 * whose recorder only that hook reaches is wired when the application first uses what the hook records (its first
 * JDBC call, say), or once the start is over, whichever comes first. An application that never uses it during its
 * start does not pay for it then.
 *
 * <p>A hook asks this only while its recorder is the no-op, so once the recorder is installed the recording path
 * reads one volatile field and compares it, as before. The agent clears the set-up once it has run, failed or not,
 * so a hook left with the no-op does not ask again.
 */
public final class FirstUse {
    private volatile Runnable setUp;

    /** {@code setUp} runs, once, on the first call that finds the no-op recorder; null clears it. */
    public void set(Runnable setUp) {
        this.setUp = setUp;
    }

    /**
     * Runs the pending set-up on the calling thread, if there is one; other callers wait for it inside it (it is the
     * agent's to run once). Never throws: it runs inside advice.
     */
    public void run() {
        Runnable pending = setUp;
        if (pending != null) {
            try {
                pending.run();
            } catch (Throwable t) {
                // the agent logs its own failures; the application goes on unrecorded
            }
        }
    }
}
