package dev.vitals.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, written into the jar by the build. */
public final class Version {
    private Version() {
    }

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
