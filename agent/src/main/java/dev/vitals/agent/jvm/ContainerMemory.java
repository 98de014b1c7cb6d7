package dev.vitals.agent.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The memory limit and usage of the process's control group, from the cgroup v2 files ({@code memory.max},
 * {@code memory.current}) or, failing those, the v1 files ({@code memory.limit_in_bytes},
 * {@code memory.usage_in_bytes}). The group's path comes from {@code /proc/self/cgroup}; inside a container with
 * its own cgroup namespace that path is {@code /} and the files sit at the mount's root, which is tried as well.
 * Read on request (a few small files); nothing is cached, since a limit can change at run time.
 */
public final class ContainerMemory {
    /** v1 reports "no limit" as a huge number (about 2^63 rounded down to the page size). */
    private static final long V1_UNLIMITED = 1L << 62;

    private final Path procSelfCgroup;
    private final Path cgroupRoot;

    /** The limit and usage found, or {@code -1} each when unknown or unlimited; {@code version} is v1, v2 or none. */
    public static final class Reading {
        public final String version;
        public final long limitBytes;
        public final long usageBytes;

        Reading(String version, long limitBytes, long usageBytes) {
            this.version = version;
            this.limitBytes = limitBytes;
            this.usageBytes = usageBytes;
        }
    }

    public ContainerMemory() {
        this(Paths.get("/proc/self/cgroup"), Paths.get("/sys/fs/cgroup"));
    }

    ContainerMemory(Path procSelfCgroup, Path cgroupRoot) {
        this.procSelfCgroup = procSelfCgroup;
        this.cgroupRoot = cgroupRoot;
    }

    public Reading read() {
        String v2Path = null;
        String v1Path = null;
        for (String line : lines(procSelfCgroup)) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
            } else if (("," + parts[1] + ",").contains(",memory,")) {
                v1Path = parts[2];
            }
        }
        if (v2Path != null) {
            for (Path dir : new Path[] {under(cgroupRoot, v2Path), cgroupRoot}) {
                long limit = number(dir.resolve("memory.max"));
                String max = first(dir.resolve("memory.max"));
                if (limit >= 0 || "max".equals(max)) {
                    return new Reading("v2", limit, number(dir.resolve("memory.current")));
                }
            }
        }
        Path v1Root = cgroupRoot.resolve("memory");
        for (Path dir : v1Path == null ? new Path[] {v1Root} : new Path[] {under(v1Root, v1Path), v1Root}) {
            long limit = number(dir.resolve("memory.limit_in_bytes"));
            if (limit >= 0) {
                return new Reading("v1", limit >= V1_UNLIMITED ? -1 : limit, number(dir.resolve("memory.usage_in_bytes")));
            }
        }
        return new Reading("none", -1, -1);
    }

    private static Path under(Path root, String groupPath) {
        String relative = groupPath.startsWith("/") ? groupPath.substring(1) : groupPath;
        Path p = relative.isEmpty() ? root : root.resolve(relative).normalize();
        return p.startsWith(root) ? p : root; // a path with ".." never leaves the mount
    }

    private static long number(Path file) {
        String s = first(file);
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1; // "max": no limit
        }
    }

    private static String first(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? null : lines.get(0).trim();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return java.util.Collections.emptyList();
        }
    }
}
