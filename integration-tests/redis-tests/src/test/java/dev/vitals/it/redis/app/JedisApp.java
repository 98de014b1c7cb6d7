package dev.vitals.it.redis.app;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.Arrays;
import java.util.List;

/**
 * Child app for Jedis 4 and 5 (compiled against 5.2, run with either). Modes:
 * {@code scenario PORT PREFIX CLOSED_PORT}: the {@link Scenario} through {@code JedisPool} (GET/SET/...) and
 * {@code JedisPooled} (MGET/HMGET), then one GET to a closed port; {@code batches PORT PREFIX}: a pipeline and
 * transactions with known replies (see {@link #batches});
 * {@code cap PORT}: GETs in 12 keyspaces; {@code names PORT}: SET, GET and DEL of keys holding user names
 * ({@link Scenario#keysOf}); {@code select PORT}: a GET in database 3;
 * {@code health PORT}: one SET and GET to keep a connection to the given server.
 */
public final class JedisApp {
    private JedisApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        switch (mode) {
            case "scenario":
                scenario(port, args[2], Integer.parseInt(args[3]));
                break;
            case "batches":
                batches(port, args[2]);
                break;
            case "cap":
                try (JedisPooled jedis = new JedisPooled("127.0.0.1", port)) {
                    for (char c = 'a'; c < 'a' + 12; c++) {
                        String key = "cap" + c + ":entry:" + Scenario.SECRET + "1";
                        jedis.set(key, "v");
                        jedis.get(key);
                        jedis.del(key);
                    }
                }
                break;
            case "names":
                // Keys whose word-like parts are user names, in the shapes applications use.
                try (JedisPooled jedis = new JedisPooled("127.0.0.1", port)) {
                    for (String name : Scenario.userNames()) {
                        for (String key : Scenario.keysOf(name)) {
                            jedis.set(key, "v");
                            jedis.get(key);
                            jedis.get(key + ":missing");
                            jedis.del(key);
                        }
                    }
                }
                break;
            case "select":
                try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                    jedis.select(3);
                    jedis.get("selected:entry:" + Scenario.SECRET + "1");
                }
                break;
            case "health":
                try (JedisPool pool = new JedisPool("127.0.0.1", port); Jedis jedis = pool.getResource()) {
                    jedis.set("health:probe:" + Scenario.SECRET, "v");
                    jedis.get("health:probe:" + Scenario.SECRET);
                }
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        Scenario.park();
    }

    private static void scenario(int port, String prefix, int closedPort) {
        try (JedisPool pool = new JedisPool("127.0.0.1", port); JedisPooled pooled = new JedisPooled("127.0.0.1", port)) {
            Scenario.run(new Ops() {
                @Override
                public void set(String key, String value) {
                    try (Jedis j = pool.getResource()) {
                        j.set(key, value);
                    }
                }

                @Override
                public String get(String key) {
                    try (Jedis j = pool.getResource()) {
                        return j.get(key);
                    }
                }

                @Override
                public List<String> mget(String... keys) {
                    return pooled.mget(keys);
                }

                @Override
                public void hset(String key, String field, String value) {
                    pooled.hset(key, field, value);
                }

                @Override
                public List<String> hmget(String key, String... fields) {
                    return pooled.hmget(key, fields);
                }

                @Override
                public String hget(String key, String field) {
                    try (Jedis j = pool.getResource()) {
                        return j.hget(key, field);
                    }
                }

                @Override
                public void lpush(String key, String value) {
                    try (Jedis j = pool.getResource()) {
                        j.lpush(key, value);
                    }
                }

                @Override
                public void del(String... keys) {
                    pooled.del(keys);
                }
            }, prefix);
        }
        try (Jedis closed = new Jedis("127.0.0.1", closedPort)) {
            closed.get(prefix + ":closed:probe:" + Scenario.SECRET);
            throw new IllegalStateException("a GET to closed port " + closedPort + " succeeded");
        } catch (JedisConnectionException expected) {
            System.out.println("closed port refused as expected: " + Arrays.toString(new Object[] {expected.getClass().getName()}));
        }
    }

    /**
     * Through one pooled connection:
     * <pre>
     *   pipeline     PREFIX:pipe:item  SET, GET hit, GET miss, MGET hit + miss, DEL: 2 hits, 2 misses
     *   transaction  PREFIX:tx:item    SET, GET hit, GET miss, HGET on a string (WRONGTYPE inside EXEC):
     *                                  1 hit, 1 miss, 1 error
     *   discarded    PREFIX:txdrop:item  GET, then DISCARD: nothing recorded
     * </pre>
     */
    static void batches(int port, String prefix) {
        String item = prefix + ":pipe:item:" + Scenario.SECRET;
        String tx = prefix + ":tx:item:" + Scenario.SECRET;
        try (JedisPool pool = new JedisPool("127.0.0.1", port); Jedis j = pool.getResource()) {
            j.del(tx + "1"); // item 1 is SET first by the pipeline; items 2 and 3 are never set
            Pipeline pipeline = j.pipelined();
            pipeline.set(item + "1", "value-" + Scenario.SECRET);
            Response<String> hit = pipeline.get(item + "1");
            Response<String> miss = pipeline.get(item + "2");
            Response<List<String>> both = pipeline.mget(item + "1", item + "3");
            pipeline.del(item + "1");
            pipeline.sync();
            check(hit.get() != null && miss.get() == null && both.get().get(0) != null && both.get().get(1) == null,
                    "pipeline replies");

            Transaction t = j.multi();
            t.set(tx + "1", "value-" + Scenario.SECRET);
            t.get(tx + "1");
            t.get(tx + "2");
            t.hget(tx + "1", "field");
            List<Object> replies = t.exec();
            check(replies.size() == 4 && replies.get(1) != null && replies.get(2) == null
                    && replies.get(3) instanceof JedisDataException, "transaction replies " + replies.size());
            j.del(tx + "1");

            Transaction dropped = j.multi();
            dropped.get(prefix + ":txdrop:item:" + Scenario.SECRET + "1");
            dropped.discard();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("unexpected " + what);
        }
    }
}
