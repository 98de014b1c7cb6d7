package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldTypesTest {
    private static Config config(String agentArgs) {
        return ConfigLoader.load(agentArgs, Map.of(), new Properties());
    }

    @Test
    void premainsGateHoldsWhatTheEnabledModulesHoldByDefault() {
        assertEquals(HeldTypes.internalNamesEnabledIn(config(null)), HeldTypes.allInternalNames());
        assertEquals(HeldTypes.webServerInternalNamesEnabledIn(config(null)), HeldTypes.allWebServerInternalNames());
        assertTrue(HeldTypes.allInternalNames().containsAll(HeldTypes.allWebServerInternalNames()));
        assertTrue(HeldTypes.allInternalNames().contains("org/apache/catalina/connector/Connector"));
        assertTrue(HeldTypes.allInternalNames().contains("redis/clients/jedis/Jedis"));
        assertFalse(HeldTypes.allWebServerInternalNames().contains("redis/clients/jedis/Jedis"), "not a web server");
    }

    @Test
    void aModuleSwitchedOffHoldsNothing() {
        Config config = config("instrumentation.servlet.enabled=false,instrumentation.jedis.enabled=false");
        Set<String> held = HeldTypes.internalNamesEnabledIn(config);
        assertFalse(held.contains("org/apache/catalina/connector/Connector"));
        assertFalse(held.contains("redis/clients/jedis/Jedis"));
        assertTrue(held.contains("reactor/netty/transport/ServerTransport"));
        assertEquals(Set.of("reactor/netty/transport/ServerTransport"), HeldTypes.webServerInternalNamesEnabledIn(config));
    }
}
