package dev.vitals.agent.cache;


/**
 * Jedis commands queued in a pipeline or transaction, between {@code appendCommand} and the moment their
 * {@code Response} receives its reply ({@code sync()} or {@code exec()}), beside the {@code Response}
 * ({@link IdentitySlots}). The key arguments are not kept (they are application objects): their keyspaces are
 * resolved when the command is queued, for up to {@value #KEYS} keys per command.
 */
final class PendingReplies extends IdentitySlots {
    static final int SLOTS = 4096;
    /** Keyspaces kept per command: an {@code MGET} of more keys counts the rest without a keyspace. */
    static final int KEYS = 8;

    private final CommandInfo[] infos = new CommandInfo[SLOTS];
    private final int[] db = new int[SLOTS];
    private final int[] keyCount = new int[SLOTS];
    private final Keyspace[] keyspaces = new Keyspace[SLOTS * KEYS];

    PendingReplies() {
        super(SLOTS);
    }

    /** Fills a slot returned by {@link #reserve}; the caller then {@link #publish}es it. */
    void fill(int slot, CommandInfo info, int database) {
        infos[slot] = info;
        db[slot] = database;
        keyCount[slot] = 0;
    }

    /** Adds the keyspace of the command's next key (ignored past {@value #KEYS}). */
    void addKeyspace(int slot, Keyspace ks) {
        int n = keyCount[slot];
        if (n < KEYS) {
            keyspaces[slot * KEYS + n] = ks;
            keyCount[slot] = n + 1;
        }
    }

    CommandInfo info(int slot) {
        return infos[slot];
    }

    int db(int slot) {
        return db[slot];
    }

    /** The keyspace of key {@code n}, or null when it was not kept. */
    Keyspace keyspace(int slot, int n) {
        return n < keyCount[slot] ? keyspaces[slot * KEYS + n] : null;
    }

    @Override
    protected void clear(int slot) {
        infos[slot] = null;
        for (int i = 0; i < keyCount[slot]; i++) {
            keyspaces[slot * KEYS + i] = null;
        }
        keyCount[slot] = 0;
    }
}
