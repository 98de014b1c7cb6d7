package dev.vitals.agent.jvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContainerMemoryTest {
    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void cgroupV2InItsOwnGroup() throws IOException {
        Path proc = write("proc/cgroup", "0::/kubepods/pod1/abc\n");
        write("sys/kubepods/pod1/abc/memory.max", "536870912\n");
        write("sys/kubepods/pod1/abc/memory.current", "104857600\n");
        ContainerMemory.Reading r = new ContainerMemory(proc, dir.resolve("sys")).read();
        assertEquals("v2", r.version);
        assertEquals(512L << 20, r.limitBytes);
        assertEquals(100L << 20, r.usageBytes);
    }

    @Test
    void cgroupV2NamespaceRootAndNoLimit() throws IOException {
        Path proc = write("proc/cgroup", "0::/\n");
        write("sys/memory.max", "max\n");
        write("sys/memory.current", "4096\n");
        ContainerMemory.Reading r = new ContainerMemory(proc, dir.resolve("sys")).read();
        assertEquals("v2", r.version);
        assertEquals(-1, r.limitBytes);
        assertEquals(4096, r.usageBytes);
    }

    @Test
    void cgroupV1WithTheUnlimitedMarker() throws IOException {
        Path proc = write("proc/cgroup", "12:cpu,cpuacct:/docker/x\n9:memory:/docker/x\n");
        write("sys/memory/docker/x/memory.limit_in_bytes", "268435456\n");
        write("sys/memory/docker/x/memory.usage_in_bytes", "1048576\n");
        ContainerMemory.Reading r = new ContainerMemory(proc, dir.resolve("sys")).read();
        assertEquals("v1", r.version);
        assertEquals(256L << 20, r.limitBytes);
        write("sys/memory/docker/x/memory.limit_in_bytes", "9223372036854771712\n");
        assertEquals(-1, new ContainerMemory(proc, dir.resolve("sys")).read().limitBytes);
    }

    @Test
    void noCgroupFiles() {
        ContainerMemory.Reading r = new ContainerMemory(dir.resolve("none"), dir.resolve("nothing")).read();
        assertEquals("none", r.version);
        assertEquals(-1, r.limitBytes);
    }

    @Test
    void aGroupPathCannotLeaveTheMount() throws IOException {
        Path proc = write("proc/cgroup", "0::/../../etc\n");
        write("sys/memory.max", "1024\n");
        assertEquals(1024, new ContainerMemory(proc, dir.resolve("sys")).read().limitBytes);
    }
}
