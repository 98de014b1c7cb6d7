package dev.vitals.it.redis.app;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Child app for Lettuce 6: {@code scenario PORT} runs the {@link Scenario} three times on one connection,
 * through the sync API (prefix {@code lettucesync}), the async API ({@code lettuceasync}) and the reactive API
 * ({@code lettucereactive}); then, in database 2, a burst of 20,000 async GETs of distinct keys.
 */
public final class LettuceApp {
    private LettuceApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Scenario.run(sync(connection.sync()), "lettucesync");
            Scenario.run(async(connection.async()), "lettuceasync");
            Scenario.run(reactive(connection.reactive()), "lettucereactive");
        }
        RedisClient db2 = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).withDatabase(2).build());
        try (StatefulRedisConnection<String, String> connection = db2.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            List<CompletionStage<String>> pending = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                pending.add(async.get("bulk:item:" + Scenario.SECRET + i));
                if (pending.size() == 500) {
                    for (CompletionStage<String> f : pending) {
                        f.toCompletableFuture().get(30, TimeUnit.SECONDS);
                    }
                    pending.clear();
                }
            }
            for (CompletionStage<String> f : pending) {
                f.toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        Scenario.park();
    }

    private static List<String> values(List<KeyValue<String, String>> kvs) {
        List<String> out = new ArrayList<>();
        for (KeyValue<String, String> kv : kvs) {
            out.add(kv.hasValue() ? kv.getValue() : null);
        }
        return out;
    }

    private static Ops sync(RedisCommands<String, String> c) {
        return new Ops() {
            @Override
            public void set(String key, String value) {
                c.set(key, value);
            }

            @Override
            public String get(String key) {
                return c.get(key);
            }

            @Override
            public List<String> mget(String... keys) {
                return values(c.mget(keys));
            }

            @Override
            public void hset(String key, String field, String value) {
                c.hset(key, field, value);
            }

            @Override
            public List<String> hmget(String key, String... fields) {
                return values(c.hmget(key, fields));
            }

            @Override
            public String hget(String key, String field) {
                return c.hget(key, field);
            }

            @Override
            public void lpush(String key, String value) {
                c.lpush(key, value);
            }

            @Override
            public void del(String... keys) {
                c.del(keys);
            }
        };
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ops async(RedisAsyncCommands<String, String> c) {
        return new Ops() {
            @Override
            public void set(String key, String value) {
                await(c.set(key, value));
            }

            @Override
            public String get(String key) {
                return await(c.get(key));
            }

            @Override
            public List<String> mget(String... keys) {
                return values(await(c.mget(keys)));
            }

            @Override
            public void hset(String key, String field, String value) {
                await(c.hset(key, field, value));
            }

            @Override
            public List<String> hmget(String key, String... fields) {
                return values(await(c.hmget(key, fields)));
            }

            @Override
            public String hget(String key, String field) {
                return await(c.hget(key, field));
            }

            @Override
            public void lpush(String key, String value) {
                await(c.lpush(key, value));
            }

            @Override
            public void del(String... keys) {
                await(c.del(keys));
            }
        };
    }

    private static Ops reactive(RedisReactiveCommands<String, String> c) {
        Duration t = Duration.ofSeconds(30);
        return new Ops() {
            @Override
            public void set(String key, String value) {
                c.set(key, value).block(t);
            }

            @Override
            public String get(String key) {
                return c.get(key).block(t);
            }

            @Override
            public List<String> mget(String... keys) {
                return values(c.mget(keys).collectList().block(t));
            }

            @Override
            public void hset(String key, String field, String value) {
                c.hset(key, field, value).block(t);
            }

            @Override
            public List<String> hmget(String key, String... fields) {
                return values(c.hmget(key, fields).collectList().block(t));
            }

            @Override
            public String hget(String key, String field) {
                return c.hget(key, field).block(t);
            }

            @Override
            public void lpush(String key, String value) {
                c.lpush(key, value).block(t);
            }

            @Override
            public void del(String... keys) {
                c.del(keys).block(t);
            }
        };
    }
}
