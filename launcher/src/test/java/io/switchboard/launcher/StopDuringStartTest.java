package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.infra.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the launcher while the services are still starting stops every process it started and starts nothing
 * more: no orphan keeps a port (and the database) after Ctrl-C or a SIGTERM. The services here are real processes
 * from stand-in jars that never become ready ({@link NeverReadyService}); PostgreSQL and Redis are "configured"
 * (never contacted), so nothing else starts.
 */
class StopDuringStartTest {
    private static final Map<String, String> EXTERNAL_INFRA = Map.of(
            "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:9/none",
            "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:9");

    @TempDir
    Path project;

    @Test
    void closingASystemWhileItStartsStopsTheStartedServiceAndStartsNoOther() throws Exception {
        standInJars();
        LocalSystem system = LocalSystem.builder(project).freePorts().environment(EXTERNAL_INFRA)
                .logDir(project.resolve("logs")).keyDir(project.resolve("keys")).create();
        CompletableFuture<LocalSystem> starting = CompletableFuture.supplyAsync(system::start);
        ProcessHandle api = awaitStarted(1).get(0);

        system.close();

        assertThatThrownBy(starting::join).isInstanceOf(CompletionException.class);
        assertThat(api.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(pidFiles()).as("admin-ws and widget-ws never started").hasSize(1);
        assertThat(system.isClosed()).isTrue();
    }

    @Test
    void aSigtermToSwitchboardUpWhileAServiceIsStartingLeavesNoServiceRunning() throws Exception {
        standInJars();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dswitchboard.home=" + project, "-cp", testClassPath(), Switchboard.class.getName(), "up");
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("up.out").toFile());
        Map<String, String> env = new HashMap<>(EXTERNAL_INFRA);
        for (ServiceSpec s : ServiceSpec.values()) {
            env.put(s.portVariable(), Integer.toString(FreePorts.find()));
        }
        pb.environment().putAll(env);
        Process up = pb.start();
        try {
            ProcessHandle api = awaitStarted(1).get(0);

            up.destroy(); // SIGTERM, as from kill or a service manager

            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
            assertThat(api.isAlive()).as("message-api, started before the SIGTERM, was stopped with it").isFalse();
            assertThat(pidFiles()).as("nothing started after the SIGTERM").hasSize(1);
            assertThat(Files.readString(project.resolve("up.out"))).contains("Stopping Switchboard...");
        } finally {
            up.destroyForcibly();
            pidFiles().forEach(p -> ProcessHandle.of(pid(p)).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Waits until {@code count} stand-in services wrote their pid files; their processes. */
    private List<ProcessHandle> awaitStarted(int count) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> pidFiles().size() >= count
                && pidFiles().stream().allMatch(p -> sizeOf(p) > 0));
        List<ProcessHandle> out = new ArrayList<>();
        for (Path p : pidFiles()) {
            out.add(ProcessHandle.of(pid(p)).orElseThrow(() -> new AssertionError(p + " names no live process")));
        }
        return out;
    }

    private List<Path> pidFiles() throws IOException {
        try (Stream<Path> files = Files.list(project)) {
            return files.filter(p -> p.getFileName().toString().matches("started-\\d+\\.pid")).toList();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long pid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A runnable jar at each service's {@link ServiceSpec#runnableJar()} that runs {@link NeverReadyService}. */
    private void standInJars() throws IOException {
        String entry = NeverReadyService.class.getName().replace('.', '/') + ".class";
        byte[] classBytes;
        try (var in = NeverReadyService.class.getClassLoader().getResourceAsStream(entry)) {
            classBytes = in.readAllBytes();
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, NeverReadyService.class.getName());
        for (ServiceSpec s : ServiceSpec.values()) {
            Path jar = project.resolve(s.runnableJar());
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry(entry));
                out.write(classBytes);
                out.closeEntry();
            }
        }
    }

    /** The classpath of this test (launcher, its dependencies): Surefire names it apart from its booter jar. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }
}
