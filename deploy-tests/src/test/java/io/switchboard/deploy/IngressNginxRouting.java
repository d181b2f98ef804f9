package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How ingress-nginx turns the Ingress objects of one host into nginx locations, reduced to what
 * decides routing (controller.go and template.go of kubernetes/ingress-nginx):
 * <ul>
 *   <li>when any Ingress of the host sets {@code use-regex: "true"}, every path of the host becomes
 *       {@code location ~* "^<path>"} — a case-insensitive regex anchored at the start only;</li>
 *   <li>locations are sorted by path, descending, then (stable) by path length, descending;</li>
 *   <li>nginx takes the first regex location that matches; none matching means the controller's
 *       default backend (404).</li>
 * </ul>
 * Without {@code use-regex} on every Ingress of the host the model refuses to answer: mixing
 * modes adds Exact/Prefix normalisation that these manifests deliberately avoid.
 */
final class IngressNginxRouting {

    /** One generated location: the Ingress path and where it sends requests. */
    record Location(String path, Pattern regex, JsonNode ingress, String serviceName, JsonNode servicePort) {
        String annotation(String key) {
            return ingress.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/" + key).asText(null);
        }

        String ingressName() {
            return RenderedOverlay.name(ingress);
        }
    }

    private final List<Location> locations;

    private IngressNginxRouting(List<Location> locations) {
        this.locations = locations;
    }

    /** The locations ingress-nginx writes for {@code host} from every Ingress in the overlay. */
    static IngressNginxRouting forHost(RenderedOverlay overlay, String host) {
        List<Location> locations = new ArrayList<>();
        for (JsonNode ingress : overlay.all("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                if (!rule.path("host").asText().equals(host)) {
                    continue;
                }
                String useRegex = ingress.path("metadata").path("annotations")
                        .path("nginx.ingress.kubernetes.io/use-regex").asText("");
                if (!useRegex.equals("true")) {
                    throw new AssertionError("Ingress " + RenderedOverlay.name(ingress) + " on host " + host
                            + " must set nginx.ingress.kubernetes.io/use-regex: \"true\" like the others,"
                            + " or its paths are normalised differently from what the routing relies on");
                }
                for (JsonNode p : rule.path("http").path("paths")) {
                    String path = p.path("path").asText();
                    JsonNode service = p.path("backend").path("service");
                    locations.add(new Location(path, Pattern.compile("^" + path, Pattern.CASE_INSENSITIVE), ingress,
                            service.path("name").asText(), service.path("port")));
                }
            }
        }
        locations.sort(Comparator.comparing(Location::path).reversed());
        locations.sort(Comparator.comparingInt((Location l) -> l.path().length()).reversed());
        return new IngressNginxRouting(locations);
    }

    /** The location that serves {@code uriPath} (no query string), or empty for the default backend. */
    Optional<Location> route(String uriPath) {
        return locations.stream().filter(l -> l.regex().matcher(uriPath).find()).findFirst();
    }

    List<Location> locations() {
        return locations;
    }
}
