package io.switchboard.launcher;

import java.util.List;

/** One of the three services: where its runnable jar is built and which port it listens on by default. */
public enum ServiceSpec {
    MESSAGE_API("message-api-service", "api", 8080, "SWITCHBOARD_API_PORT", List.of()),
    ADMIN_WS("admin-ws-service", "admin-ws", 8081, "SWITCHBOARD_ADMIN_WS_PORT", SocketServiceJvm.OPTIONS),
    WIDGET_WS("widget-ws-service", "widget-ws", 8082, "SWITCHBOARD_WIDGET_WS_PORT", SocketServiceJvm.OPTIONS);

    /**
     * Heap sizing of the socket services (docs/operations.md, "JVM options"): after a connection ramp the
     * heap holds the sockets' state plus a lot of free, committed space; keep at most 30 % free after a GC
     * (and at least 10 %), and let G1 run a collection after a minute without one, so an idle node gives
     * that memory back. Every 5 s the JVM hands glibc's free native memory back too (malloc_trim; −15 MB at start,
     * ~−1 KB per idle socket at 15 000, docs/performance.md "Idle connection memory (idlemem)"). The k8s
     * manifests set the same options.
     */
    private static final class SocketServiceJvm {
        static final List<String> OPTIONS = List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:G1PeriodicGCInterval=60000", "-XX:TrimNativeHeapInterval=5000");
    }

    private final String module;
    private final String shortName;
    private final int defaultPort;
    private final String portVariable;
    private final List<String> jvmTuning;

    ServiceSpec(String module, String shortName, int defaultPort, String portVariable, List<String> jvmTuning) {
        this.module = module;
        this.shortName = shortName;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
        this.jvmTuning = jvmTuning;
    }

    /** JVM options of this service that come before the caller's (which may override them). */
    public List<String> jvmTuning() {
        return jvmTuning;
    }

    /** The Maven module, which is also the folder that holds it. */
    public String module() {
        return module;
    }

    /** The prefix of its log lines. */
    public String shortName() {
        return shortName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The environment variable that moves it to another port. */
    public String portVariable() {
        return portVariable;
    }

    /** The Quarkus fast-jar entry point relative to the project root. */
    public String runnableJar() {
        return module + "/target/quarkus-app/quarkus-run.jar";
    }
}
