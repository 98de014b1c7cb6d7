package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import example.SleeperApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent arguments beat system properties, which beat environment variables, which beat the
 * properties file, which beats the defaults; bad values and unknown keys are warned about; secrets never show.
 */
class ConfigPrecedenceTest {
    private static final String TOKEN = "s3cr3t-token-value";
    private static final String FILE_PASSWORD = "hunter2-from-the-file";
    private static final String[] SOURCES = {"default", "file", "env", "system", "agent"};

    /** One agent with a value for each layer, a bad value and unknown keys. */
    private static AgentProcess agent;

    @BeforeAll
    static void startAgent() throws IOException {
        Path dir = AgentProcess.tempDir("config-");
        Path file = dir.resolve("custom.properties");
        // Keys in the file may be written with or without the vitals. prefix.
        Files.writeString(file, String.join("\n",
                "vitals.service.name=from-file",
                "environment=from-file",
                "exporter.host=0.0.0.0",
                "window=2m",
                "notifier.smtp.password=" + FILE_PASSWORD,
                ""), StandardCharsets.UTF_8);
        agent = AgentProcess.main(SleeperApp.class)
                .agentArg("service.name", "from-agent")
                .agentArg("auth.token", TOKEN)
                .agentArg("log.level", "loud")
                .agentArg("exporter.prot", "9999")
                .systemProperty("vitals.config.file", file.toString())
                .systemProperty("vitals.service.name", "from-system")
                .systemProperty("vitals.environment", "from-system")
                .systemProperty("vitals.servce.name", "typo")
                .env("VITALS_SERVICE_NAME", "from-env")
                .env("VITALS_ENVIRONMENT", "from-env")
                .env("VITALS_EXPORTER_HOST", "127.0.0.1")
                .start();
        agent.agentPort();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void eachSourceBeatsTheOneBelowIt() {
        JsonNode config = healthConfig();
        assertSetting(config, "service.name", "from-agent", "agent");   // agent > system
        assertSetting(config, "environment", "from-system", "system"); // system > env
        assertSetting(config, "exporter.host", "127.0.0.1", "env");    // env > file
        assertSetting(config, "window", "2m", "file");                 // file > default
        assertSetting(config, "strict", "false", "default");             // set nowhere
    }

    @Test
    void badValueWarnsWithKeyValueAndDefault() {
        Matcher warn = warnLine("log\\.level");
        assertTrue(warn.group().contains("loud") && warn.group().contains("using default info"), warn.group());
        assertEquals("info", healthConfig().path("log.level").path("value").asText());
    }

    @Test
    void unknownKeysWarnWithTheClosestKey() {
        Matcher fromSystem = warnLine("servce\\.name");
        assertTrue(fromSystem.group().contains("unknown"), fromSystem.group());
        assertTrue(Pattern.compile("did you mean '(vitals\\.)?service\\.name'").matcher(fromSystem.group()).find(), fromSystem.group());
        Matcher fromAgent = warnLine("exporter\\.prot\\b");
        assertTrue(fromAgent.group().contains("unknown"), fromAgent.group());
        assertTrue(Pattern.compile("did you mean '(vitals\\.)?exporter\\.port'").matcher(fromAgent.group()).find(), fromAgent.group());
    }

    @Test
    void secretsNeverShowInTheEndpointOrTheLog() {
        JsonNode config = healthConfig();
        assertEquals("****", config.path("auth.token").path("value").asText(), config.toString());
        String body = agent.get("/health/config", bearer()).body();
        assertFalse(body.contains(TOKEN) || body.contains(FILE_PASSWORD), body);
        assertFalse(agent.stderr().contains(TOKEN) || agent.stderr().contains(FILE_PASSWORD), agent.describe());
        assertFalse(agent.stdout().contains(TOKEN) || agent.stdout().contains(FILE_PASSWORD), agent.describe());
    }

    /** {@code java -jar vitals-agent.jar config} with service.name set in the lowest {@code levels} sources. */
    @ParameterizedTest(name = "service.name set up to {0}")
    @ValueSource(strings = {"default", "file", "env", "system", "agent"})
    void cliShowsTheHighestSource(String highest) throws IOException {
        int levels = java.util.Arrays.asList(SOURCES).indexOf(highest);
        Path dir = AgentProcess.tempDir("config-cli-");
        AgentProcess.Builder cli = AgentProcess.jar(Jars.agent()).withoutAgent().workDir(dir);
        String agentArgs = "";
        if (levels >= 1) {
            // ./vitals.properties is read when no config.file is given.
            Files.writeString(dir.resolve("vitals.properties"), "service.name=from-file\n", StandardCharsets.UTF_8);
        }
        if (levels >= 2) {
            cli.env("VITALS_SERVICE_NAME", "from-env");
        }
        if (levels >= 3) {
            cli.systemProperty("vitals.service.name", "from-system");
        }
        if (levels >= 4) {
            agentArgs = "service.name=from-agent";
        }
        AgentProcess.Finished run = (agentArgs.isEmpty() ? cli.args("config") : cli.args("config", agentArgs))
                .run(Duration.ofSeconds(30));
        assertEquals(0, run.exitCode(), run.description());
        Matcher line = Pattern.compile("(?m)^service\\.name = (.*) \\((\\w+)\\)$").matcher(run.stdout());
        assertTrue(line.find(), "no service.name line" + run.description());
        assertEquals(highest, line.group(2), run.description());
        if (levels >= 1) {
            assertEquals("from-" + highest, line.group(1), run.description());
        }
    }

    @Test
    void cliConfigMasksSecrets() throws IOException {
        Path dir = AgentProcess.tempDir("config-cli-secret-");
        Files.writeString(dir.resolve("vitals.properties"), "vitals.notifier.smtp.password=" + FILE_PASSWORD + "\n",
                StandardCharsets.UTF_8);
        AgentProcess.Finished run = AgentProcess.jar(Jars.agent()).withoutAgent().workDir(dir)
                .env("VITALS_AUTH_TOKEN", TOKEN)
                .args("config")
                .run(Duration.ofSeconds(30));
        assertEquals(0, run.exitCode(), run.description());
        assertTrue(Pattern.compile("(?m)^auth\\.token = \\*\\*\\*\\* \\(env\\)$").matcher(run.stdout()).find(), run.description());
        assertFalse(run.stdout().contains(TOKEN) || run.stderr().contains(TOKEN), run.description());
        assertFalse(run.stdout().contains(FILE_PASSWORD) || run.stderr().contains(FILE_PASSWORD), run.description());
    }

    private static JsonNode healthConfig() {
        HttpResult r = agent.get("/health/config", bearer());
        assertEquals(200, r.status(), r.toString());
        JsonNode config = r.json().path("config");
        assertTrue(config.isObject(), "no \"config\" object: " + r);
        return config;
    }

    private static Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + TOKEN);
    }

    private static void assertSetting(JsonNode config, String key, String value, String source) {
        JsonNode setting = config.path(key);
        assertEquals(value, setting.path("value").asText(), key + ": " + setting);
        assertEquals(source, setting.path("source").asText(), key + ": " + setting);
    }

    /** The agent's WARN line on stderr that matches {@code regex}. */
    private static Matcher warnLine(String regex) {
        Matcher m = Pattern.compile("(?m)^\\[vitals] WARN .*" + regex + ".*$").matcher(agent.stderr());
        assertTrue(m.find(), "no WARN line matching " + regex + agent.describe());
        return m;
    }
}
