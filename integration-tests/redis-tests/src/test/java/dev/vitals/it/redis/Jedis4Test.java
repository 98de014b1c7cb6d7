package dev.vitals.it.redis;

/** Jedis 4.4, run with the same app compiled against Jedis 5 (the API it uses is binary-compatible). */
class Jedis4Test extends JedisTestBase {
    @Override
    String client() {
        return "jedis4";
    }

    @Override
    String prefix() {
        return "jedisfour";
    }
}
