package dev.vitals.it.redis.app;

import java.util.List;

/** The Redis operations a scenario uses, implemented over each client and API style. */
public interface Ops {
    void set(String key, String value);

    String get(String key);

    List<String> mget(String... keys);

    void hset(String key, String field, String value);

    List<String> hmget(String key, String... fields);

    String hget(String key, String field);

    /** LPUSH; throws when Redis answers with an error. */
    void lpush(String key, String value);

    void del(String... keys);
}
