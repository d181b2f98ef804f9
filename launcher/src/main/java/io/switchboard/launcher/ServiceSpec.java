package io.switchboard.launcher;

/** One of the three services: where its runnable jar is built and which port it listens on by default. */
public enum ServiceSpec {
    MESSAGE_API("message-api-service", "api", 8080, "SWITCHBOARD_API_PORT"),
    ADMIN_WS("admin-ws-service", "admin-ws", 8081, "SWITCHBOARD_ADMIN_WS_PORT"),
    WIDGET_WS("widget-ws-service", "widget-ws", 8082, "SWITCHBOARD_WIDGET_WS_PORT");

    private final String module;
    private final String shortName;
    private final int defaultPort;
    private final String portVariable;

    ServiceSpec(String module, String shortName, int defaultPort, String portVariable) {
        this.module = module;
        this.shortName = shortName;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
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
