package dev.vitals.agent.cli;

import dev.vitals.agent.Version;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigKey;
import dev.vitals.agent.config.ConfigLoader;
import dev.vitals.agent.config.Keys;

import java.io.File;
import java.io.PrintStream;

/**
 * {@code java -jar vitals-agent.jar attach <pid> [key=value,...] | version | config [key=value,...]}.
 */
public final class Cli {
    private Cli() {
    }

    public static int run(File agentJar, String[] args) {
        PrintStream out = System.out;
        if (args.length == 0) {
            usage(System.err);
            return 2;
        }
        switch (args[0]) {
            case "version":
                out.println("vitals-agent " + Version.get());
                return 0;
            case "config":
                printConfig(out, args.length > 1 ? args[1] : "");
                return 0;
            case "attach":
                if (args.length < 2 || !args[1].matches("\\d+")) {
                    System.err.println("attach needs the process id of a running JVM: attach <pid> [key=value,...]");
                    return 2;
                }
                return attach(agentJar, args[1], args.length > 2 ? args[2] : "");
            default:
                usage(System.err);
                return 2;
        }
    }

    private static void usage(PrintStream err) {
        err.println("usage: java -jar vitals-agent.jar <command>");
        err.println("  attach <pid> [key=value,...]   attach Vitals to a running JVM");
        err.println("  config [key=value,...]         print the effective configuration and where each value comes from");
        err.println("  version                        print the agent's version");
    }

    private static void printConfig(PrintStream out, String args) {
        Config config = ConfigLoader.load(args, System.getenv(), System.getProperties());
        for (ConfigKey<?> key : Keys.all()) {
            out.println(key.name() + " = " + config.display(key) + " (" + config.source(key).label() + ")");
        }
        for (String warning : config.warnings()) {
            out.println("# warning: " + warning);
        }
    }

    private static int attach(File agentJar, String pid, String agentArgs) {
        try {
            net.bytebuddy.agent.ByteBuddyAgent.attach(agentJar, pid, agentArgs.isEmpty() ? null : agentArgs);
            System.out.println("Vitals attached to JVM " + pid);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("attach to JVM " + pid + " failed: " + e.getMessage());
            return 1;
        }
    }
}
