package dev.vitals.it.redis;

/** Jedis 5.2 (the current major version). */
class Jedis5Test extends JedisTestBase {
    @Override
    String client() {
        return "jedis5";
    }

    @Override
    String prefix() {
        return "jedisfive";
    }
}
