package io.switchboard.api.config;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;

/**
 * Has {@code /q/openapi} (docs/getting-started.md) written out as JSON or YAML when it is asked for, not at every
 * start. Quarkus serializes the document in both forms on the main thread before the HTTP server opens unless a
 * filter has to run per request; then it keeps the document's model and writes the asked-for form on each request.
 * This filter is that per-request stage and changes nothing in the document. The start saves the serializing,
 * ~75-80 ms of CPU on its critical path (async-profiler, docs/performance.md "Start-up of message-api: what is
 * left (startup helper, issue 16)"); a request for the document pays some tens of milliseconds instead, and the
 * document is the same byte for byte (OpenApiDocumentTest). {@code quarkus.smallrye-openapi.always-run-filter} does
 * not do this here: it only moves filters of the {@code RUN} stage, and the service has none.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class OpenApiOnRequest implements OASFilter {
}
