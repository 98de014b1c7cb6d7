package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The recorder resolves method handles per Jedis class ({@link ClassValue}s) and keeps keyspace names only, so
 * an application class loader whose Jedis it recorded can still be collected (an undeployed web application).
 */
class ClassLoaderLeakTest {
    @Test
    void recordingDoesNotKeepTheApplicationClassLoader() throws Exception {
        CacheStats stats = new CacheStats(new MetricRegistry(), new KeyspaceRule(":", 3, Collections.emptyList()), 100);
        RedisCommandRecorder recorder = new RedisCommandRecorder(stats, null);
        WeakReference<ClassLoader> loader = recordThroughOwnLoader(recorder);
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(loader.get(), "the application's class loader is still reachable after recording");
        assertEquals("user:profile", stats.keyspace("user:profile:1").name());
    }

    private static WeakReference<ClassLoader> recordThroughOwnLoader(RedisCommandRecorder recorder) throws Exception {
        URL jedisJar = CommandArguments.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader app = new URLClassLoader(new URL[] {jedisJar}, ClassLoader.getPlatformClassLoader());
        Class<?> commandEnum = app.loadClass("redis.clients.jedis.Protocol$Command");
        Object get = commandEnum.getField("GET").get(null);
        Class<?> argumentsClass = app.loadClass("redis.clients.jedis.CommandArguments");
        Object arguments = argumentsClass.getConstructor(app.loadClass("redis.clients.jedis.commands.ProtocolCommand"))
                .newInstance(get);
        argumentsClass.getMethod("key", Object.class).invoke(arguments, "user:profile:1234");
        recorder.jedisCommand(new Object(), arguments, get, "value", null, System.nanoTime());
        recorder.jedisSelected(arguments, 2);
        app.close();
        return new WeakReference<>(app);
    }
}
