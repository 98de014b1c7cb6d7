package dev.vitals.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("vitals.properties");
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void precedenceIsAgentThenSystemThenEnvThenFileThenDefault() throws IOException {
        Path f = file("service.name=from-file\nvitals.environment=file-env\nwindow=2m\nexporter.host=127.0.0.1\n");
        Properties sys = new Properties();
        sys.setProperty("vitals.config.file", f.toString());
        sys.setProperty("vitals.service.name", "from-system");
        sys.setProperty("vitals.environment", "from-system");
        sys.setProperty("vitals.window", "3m");
        Map<String, String> env = new HashMap<>();
        env.put("VITALS_SERVICE_NAME", "from-env");
        env.put("VITALS_WINDOW", "4m");
        env.put("VITALS_EXPORTER_HOST", "127.0.0.2");

        Config c = ConfigLoader.load("service.name=from-agent", env, sys);

        assertEquals("from-agent", c.get(Keys.SERVICE_NAME));
        assertEquals(Source.AGENT, c.source(Keys.SERVICE_NAME));
        assertEquals("from-system", c.get(Keys.ENVIRONMENT));
        assertEquals(Source.SYSTEM, c.source(Keys.ENVIRONMENT));
        assertEquals(180_000L, c.get(Keys.WINDOW));
        assertEquals("127.0.0.2", c.get(Keys.EXPORTER_HOST));
        assertEquals(Source.ENV, c.source(Keys.EXPORTER_HOST));
        assertEquals(9715, c.get(Keys.EXPORTER_PORT));
        assertEquals(Source.DEFAULT, c.source(Keys.EXPORTER_PORT));
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void fileValuesApplyWhenNothingHigherSetsThem() throws IOException {
        Path f = file("vitals.window=2m\nlimits.routes=50\n");
        Properties sys = new Properties();
        sys.setProperty("vitals.config.file", f.toString());
        Config c = ConfigLoader.load(null, new HashMap<>(), sys);
        assertEquals(120_000L, c.get(Keys.WINDOW));
        assertEquals(Source.FILE, c.source(Keys.WINDOW));
        assertEquals(50, c.get(Keys.LIMIT_ROUTES));
    }

    @Test
    void badValueWarnsWithKeyValueFormAndDefault() {
        Config c = ConfigLoader.load("exporter.port=abc,window=forever", new HashMap<>(), new Properties());
        assertEquals(9715, c.get(Keys.EXPORTER_PORT));
        assertEquals(300_000L, c.get(Keys.WINDOW));
        String port = c.warnings().stream().filter(w -> w.contains("exporter.port")).findFirst().orElse("");
        assertTrue(port.contains("'abc'") && port.contains("an integer 0-65535") && port.contains("using default 9715"), port);
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("window") && w.contains("using default 5m")), c.warnings().toString());
    }

    @Test
    void unknownKeyNamesTheClosestKnownKey() {
        Properties sys = new Properties();
        sys.setProperty("vitals.exporter.prot", "1");
        Map<String, String> env = new HashMap<>();
        env.put("VITALS_SERVICE_NAM", "x");
        Config c = ConfigLoader.load("servce.name=x", env, sys);
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("unknown key 'vitals.exporter.prot'")
                && w.contains("did you mean 'vitals.exporter.port'")), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("'vitals.servce.name'")
                && w.contains("'vitals.service.name'")), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("VITALS_SERVICE_NAM'")
                && w.contains("VITALS_SERVICE_NAME")), c.warnings().toString());
    }

    @Test
    void environmentVariablesThatAreNoNearMissOfAKeyAreIgnoredSilently() {
        Map<String, String> env = new HashMap<>();
        env.put("VITALS_WF_OPTS", "-Xmx1g");
        env.put("VITALS_DEPLOY_BUCKET", "s3://x");
        env.put("VITALS_EXPORTER_PROT", "9000");
        Config c = ConfigLoader.load("", env, new Properties());
        assertFalse(c.warnings().toString().contains("VITALS_WF_OPTS"), c.warnings().toString());
        assertFalse(c.warnings().toString().contains("VITALS_DEPLOY_BUCKET"), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("VITALS_EXPORTER_PROT'")
                && w.contains("VITALS_EXPORTER_PORT")), "a near miss is still warned about: " + c.warnings());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
    }

    @Test
    void farAwayUnknownKeyGetsNoMisleadingSuggestion() {
        Config c = ConfigLoader.load("notifier.smtp.password=x", new HashMap<>(), new Properties());
        String w = c.warnings().get(0);
        assertTrue(w.contains("unknown key 'vitals.notifier.smtp.password'") && w.contains("no known key is close")
                && !w.contains("did you mean"), w);
    }

    @Test
    void secretsAreNeverDisplayedNorEchoedInWarnings() {
        Config c = ConfigLoader.load("auth.token=s3cr3t", new HashMap<>(), new Properties());
        assertEquals("s3cr3t", c.get(Keys.AUTH_TOKEN));
        assertEquals(Config.REDACTED, c.display(Keys.AUTH_TOKEN));
        assertFalse(c.warnings().toString().contains("s3cr3t"));
    }

    @Test
    void durationsAndSizesParseTheUsualForms() {
        ValueParser<Long> d = Parsers.durationMillis(0, Long.MAX_VALUE);
        assertEquals(250L, d.parse("250ms"));
        assertEquals(30_000L, d.parse("30s"));
        assertEquals(300_000L, d.parse("5m"));
        assertEquals(3_600_000L, d.parse("1h"));
        assertEquals(1500L, d.parse("1500"));
        assertEquals("5m", d.format(300_000L));
        ValueParser<Long> b = Parsers.bytes(0, Long.MAX_VALUE);
        assertEquals(512L << 20, b.parse("512MB"));
        assertEquals(64L << 10, b.parse("64KiB"));
        assertEquals("512MB", b.format(512L << 20));
    }

    @Test
    void malformedAgentArgumentIsReportedNotFatal() {
        Config c = ConfigLoader.load("justakey,exporter.port=0", new HashMap<>(), new Properties());
        assertEquals(0, c.get(Keys.EXPORTER_PORT));
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("'justakey'")), c.warnings().toString());
    }
}
