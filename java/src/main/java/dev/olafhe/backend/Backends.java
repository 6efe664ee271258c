package dev.olafhe.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Backend selection. The choice comes from the system property {@code olafhe.backend}, else the
 * environment variable {@code OLAFHE_BACKEND}, else "auto": the available provider with the highest rank
 * (CUDA when its probe succeeds, otherwise CPU). Every decision is logged with its reason.
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());

    private Backends() {
    }

    /** A provider together with what its probe said, for {@code ola doctor} and error messages. */
    public record Probed(BackendProvider provider, Availability availability) {
    }

    /** The selection made, and the probe results of every provider that was considered. */
    public record Decision(BackendProvider chosen, String requested, String why, List<Probed> probes) {
    }

    /** All providers on the class path, highest rank first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(list::add);
        list.sort(Comparator.comparingInt(BackendProvider::rank).reversed());
        return list;
    }

    /** The requested backend name: system property, then environment, then "auto". */
    public static String requested() {
        String v = System.getProperty("olafhe.backend");
        if (v == null || v.isBlank()) {
            v = System.getenv("OLAFHE_BACKEND");
        }
        return v == null || v.isBlank() ? "auto" : v.trim().toLowerCase(Locale.ROOT);
    }

    /** Decides which provider to use for {@code requested} ("auto" or a provider name). */
    public static Decision decide(String requested) {
        List<Probed> probes = new ArrayList<>();
        for (BackendProvider p : providers()) {
            probes.add(new Probed(p, safeProbe(p)));
        }
        if (probes.isEmpty()) {
            throw new BackendUnavailableException("no backend providers found on the class path");
        }
        if (requested.equals("auto")) {
            for (Probed pr : probes) {
                if (pr.availability().available()) {
                    return new Decision(pr.provider(), requested, "auto: highest-ranked available backend '"
                            + pr.provider().name() + "' (" + pr.availability().reason() + ")"
                            + skippedReasons(probes, pr.provider()), probes);
                }
            }
            throw new BackendUnavailableException("no backend is available:" + skippedReasons(probes, null));
        }
        for (Probed pr : probes) {
            if (pr.provider().name().equals(requested)) {
                if (!pr.availability().available()) {
                    throw new BackendUnavailableException("backend '" + requested + "' was requested but is not "
                            + "available: " + pr.availability().reason() + " (choose another with --backend or "
                            + "OLAFHE_BACKEND, e.g. cpu)");
                }
                return new Decision(pr.provider(), requested, "requested explicitly ("
                        + pr.availability().reason() + ")", probes);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + requested + "'; known: "
                + probes.stream().map(p -> p.provider().name()).toList() + " or auto");
    }

    /** Creates the backend chosen by {@link #requested()}, logging the decision. */
    public static Backend create() {
        Decision d = decide(requested());
        LOG.info(() -> "backend " + d.chosen().name() + ": " + d.why());
        return d.chosen().create();
    }

    private static Availability safeProbe(BackendProvider p) {
        try {
            return p.probe();
        } catch (Throwable t) { // a probe must never take the process down (e.g. UnsatisfiedLinkError)
            return Availability.no("probe failed: " + t);
        }
    }

    private static String skippedReasons(List<Probed> probes, BackendProvider chosen) {
        StringBuilder sb = new StringBuilder();
        for (Probed pr : probes) {
            if (pr.provider() != chosen && !pr.availability().available()) {
                sb.append("; ").append(pr.provider().name()).append(" unavailable: ").append(pr.availability().reason());
            }
        }
        return sb.toString();
    }
}
