package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.Keys;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classes with a method that runs once, early, and must not be missed, such as a server's start: while
 * instrumentation is still being installed in the background, loading one of them waits for it at the
 * {@link StartupGate}. Listed here, not asked of the modules: premain reads this table on the application's main
 * thread, where building all the modules loaded their classes (about 20 ms before {@code main}).
 */
public final class HeldTypes {
    /** Servers start once: readiness follows the start. */
    public static final String TOMCAT_CONNECTOR = "org.apache.catalina.connector.Connector";
    public static final String JETTY_SERVER = "org.eclipse.jetty.server.Server";
    public static final String UNDERTOW = Unrelocated.name("io", "undertow", "Undertow");
    /** A Reactor Netty server binds once: readiness follows the bind. */
    public static final String REACTOR_NETTY_SERVER = "reactor.netty.transport.ServerTransport";
    /** A connection's connect and select run once: the Redis check follows the address it connects to. */
    public static final String JEDIS_CONNECTION = "redis.clients.jedis.Connection";
    public static final String JEDIS = "redis.clients.jedis.Jedis";
    /** A channel becomes active once: the Redis check follows the address it connects to. */
    public static final String LETTUCE_COMMAND_HANDLER = "io.lettuce.core.protocol.CommandHandler";

    private static final List<String> SERVLET = Arrays.asList(TOMCAT_CONNECTOR, JETTY_SERVER, UNDERTOW);
    private static final List<String> REACTIVE = Arrays.asList(REACTOR_NETTY_SERVER);
    private static final List<String> JEDIS_TYPES = Arrays.asList(JEDIS_CONNECTION, JEDIS);
    private static final List<String> LETTUCE = Arrays.asList(LETTUCE_COMMAND_HANDLER);

    /** The web servers among them: one of these loading says a server is starting, whose start the agent sees. */
    private static final List<String> WEB_SERVERS = Arrays.asList(TOMCAT_CONNECTOR, JETTY_SERVER, UNDERTOW,
            REACTOR_NETTY_SERVER);

    private HeldTypes() {
    }

    /**
     * Internal names of every class a module may hold, enabled or not: premain's gate holds these until the
     * configuration, read on the agent's own thread, says which modules are enabled. Reads no configuration key, so
     * that premain loads none of the configuration's classes.
     */
    static Set<String> allInternalNames() {
        Set<String> all = new HashSet<>();
        addInternalNames(all, SERVLET);
        addInternalNames(all, REACTIVE);
        addInternalNames(all, JEDIS_TYPES);
        addInternalNames(all, LETTUCE);
        return all;
    }

    /** Internal names of every web server class a module may hold. */
    static Set<String> allWebServerInternalNames() {
        Set<String> servers = new HashSet<>();
        addInternalNames(servers, WEB_SERVERS);
        return servers;
    }

    /** Internal names of the web servers among the held classes of enabled modules. */
    static Set<String> webServerInternalNamesEnabledIn(Config config) {
        Set<String> servers = internalNamesEnabledIn(config);
        servers.retainAll(allWebServerInternalNames());
        return servers;
    }

    /** Internal names ({@code org/apache/catalina/connector/Connector}) of the held classes of enabled modules. */
    static Set<String> internalNamesEnabledIn(Config config) {
        Map<ConfigKey<Boolean>, List<String>> byModuleKey = new LinkedHashMap<>();
        byModuleKey.put(Keys.INSTRUMENTATION_SERVLET, SERVLET);
        byModuleKey.put(Keys.INSTRUMENTATION_REACTIVE, REACTIVE);
        byModuleKey.put(Keys.INSTRUMENTATION_JEDIS, JEDIS_TYPES);
        byModuleKey.put(Keys.INSTRUMENTATION_LETTUCE, LETTUCE);
        Set<String> held = new HashSet<>();
        for (Map.Entry<ConfigKey<Boolean>, List<String>> e : byModuleKey.entrySet()) {
            if (config.get(e.getKey())) {
                addInternalNames(held, e.getValue());
            }
        }
        return held;
    }

    private static void addInternalNames(Set<String> to, List<String> binaryNames) {
        for (String type : binaryNames) {
            to.add(type.replace('.', '/'));
        }
    }
}
