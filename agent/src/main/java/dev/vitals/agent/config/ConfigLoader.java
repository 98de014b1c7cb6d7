package dev.vitals.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the five configuration sources and resolves them, highest precedence first: agent arguments,
 * {@code -Dvitals.*} system properties, {@code VITALS_*} environment variables, the properties file,
 * defaults. Never throws for bad input: every problem becomes one warning line naming the key.
 */
public final class ConfigLoader {
    private static final String PREFIX = "vitals.";
    private static final String ENV_PREFIX = "VITALS_";

    private ConfigLoader() {
    }

    public static Config load(String agentArgs, Map<String, String> env, Properties systemProperties) {
        Map<String, ConfigKey<?>> known = Keys.byName();
        Map<String, ConfigKey<?>> knownByEnv = new HashMap<>();
        for (ConfigKey<?> k : known.values()) {
            knownByEnv.put(k.envName(), k);
        }
        List<String> warnings = new ArrayList<>();

        Map<ConfigKey<?>, String> agent = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parseAgentArgs(agentArgs, warnings).entrySet()) {
            put(agent, stripPrefix(e.getKey()), e.getValue(), known, Source.AGENT, warnings);
        }
        Map<ConfigKey<?>, String> system = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                put(system, name.substring(PREFIX.length()), systemProperties.getProperty(name), known, Source.SYSTEM, warnings);
            }
        }
        Map<ConfigKey<?>, String> environment = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(ENV_PREFIX)) {
                ConfigKey<?> key = knownByEnv.get(e.getKey());
                if (key != null) {
                    environment.put(key, e.getValue());
                } else {
                    // Users have variables of their own that merely start with VITALS_ (VITALS_WF_OPTS): only a
                    // near miss of a key is worth a warning, anything else is not meant for the agent.
                    String asKey = e.getKey().substring(ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                    ConfigKey<?> near = closest(asKey, known);
                    if (near != null) {
                        warnings.add(unknown(e.getKey(), Source.ENV, near.envName()));
                    }
                }
            }
        }

        // The file's location is itself configurable, by every source above it.
        String fileName = firstOf(Keys.CONFIG_FILE, agent, system, environment);
        boolean explicitFile = fileName != null;
        Map<ConfigKey<?>, String> file = new LinkedHashMap<>();
        Path path = Paths.get(explicitFile ? fileName.trim() : Keys.CONFIG_FILE.defaultValue());
        if (Files.isRegularFile(path)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(path)) {
                props.load(in);
                for (String name : props.stringPropertyNames()) {
                    put(file, stripPrefix(name), props.getProperty(name), known, Source.FILE, warnings);
                }
            } catch (IOException | IllegalArgumentException e) {
                warnings.add("config file " + path + " could not be read (" + e.getMessage() + "); it is ignored");
            }
        } else if (explicitFile) {
            warnings.add("config file " + path + " does not exist; it is ignored");
        }

        Map<ConfigKey<?>, Object> values = new HashMap<>();
        Map<ConfigKey<?>, Source> sources = new HashMap<>();
        for (ConfigKey<?> key : known.values()) {
            resolve(key, agent, system, environment, file, values, sources, warnings);
        }
        return new Config(values, sources, warnings);
    }

    private static void resolve(ConfigKey<?> key, Map<ConfigKey<?>, String> agent, Map<ConfigKey<?>, String> system,
                                Map<ConfigKey<?>, String> env, Map<ConfigKey<?>, String> file,
                                Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, Source> sources, List<String> warnings) {
        Object[][] layers = {{Source.AGENT, agent}, {Source.SYSTEM, system}, {Source.ENV, env}, {Source.FILE, file}};
        for (Object[] layer : layers) {
            @SuppressWarnings("unchecked")
            Map<ConfigKey<?>, String> map = (Map<ConfigKey<?>, String>) layer[1];
            String raw = map.get(key);
            if (raw == null) {
                continue;
            }
            Source source = (Source) layer[0];
            try {
                values.put(key, key.parser().parse(raw));
                sources.put(key, source);
            } catch (RuntimeException bad) {
                String shown = key.secret() ? Config.REDACTED : raw;
                warnings.add("config " + key.name() + ": bad value '" + shown + "' from " + source.label()
                        + "; expected " + key.parser().acceptedForm()
                        + "; using default " + key.format(key.defaultValue()));
            }
            // A bad value at a higher source falls back to the default, not to a lower source: the
            // user meant to override, and the log line says which default is in force.
            return;
        }
    }

    private static void put(Map<ConfigKey<?>, String> target, String name, String value,
                            Map<String, ConfigKey<?>> known, Source source, List<String> warnings) {
        ConfigKey<?> key = known.get(name);
        if (key == null) {
            ConfigKey<?> near = closest(name, known);
            warnings.add(unknown(PREFIX + name, source, near == null ? null : PREFIX + near.name()));
            return;
        }
        target.put(key, value);
    }

    private static String unknown(String name, Source source, String suggestion) {
        String head = "config: unknown key '" + name + "' from " + source.label() + "; ";
        return suggestion == null ? head + "no known key is close (java -jar vitals-agent.jar config lists them all)"
                : head + "did you mean '" + suggestion + "'?";
    }

    /** The nearest known key, or null when none is near enough to be a plausible misspelling. */
    static ConfigKey<?> closest(String name, Map<String, ConfigKey<?>> known) {
        ConfigKey<?> best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey<?> k : known.values()) {
            int d = Levenshtein.distance(name, k.name());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // A third of the name's length in edits: "exporter.prot" finds exporter.port, while a key from a
        // feature Vitals does not have gets no misleading suggestion.
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static String firstOf(ConfigKey<?> key, Map<ConfigKey<?>, String> a, Map<ConfigKey<?>, String> b,
                                  Map<ConfigKey<?>, String> c) {
        String v = a.get(key);
        if (v == null) {
            v = b.get(key);
        }
        if (v == null) {
            v = c.get(key);
        }
        return v;
    }

    private static String stripPrefix(String name) {
        String n = name.trim();
        return n.startsWith(PREFIX) ? n.substring(PREFIX.length()) : n;
    }

    /** {@code key=value,key=value}; blank entries are ignored. */
    static Map<String, String> parseAgentArgs(String args, List<String> warnings) {
        Map<String, String> map = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return map;
        }
        for (String part : args.split(",")) {
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                warnings.add("config: agent argument '" + part.trim() + "' is not key=value; it is ignored");
                continue;
            }
            map.put(part.substring(0, eq).trim(), part.substring(eq + 1));
        }
        return map;
    }
}
