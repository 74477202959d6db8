package dev.telltale.internal.check;

import java.util.List;

/**
 * Which read credential belongs to which destination, by the destination's secret-free name:
 * a DSN destination ({@code sentry(HOST[:PORT][/PREFIX]/PROJECT)}) is read through a
 * {@code bugsink-api} of the same host, else through a {@code sentry-api} (one whose
 * {@code ?project-id=} equals the DSN's project, else the first); {@code bugsnag(...)},
 * {@code bugnet(...)} and {@code bugreport(...)} through their kind, the same host preferred.
 */
final class ReadApiMatch {
    private ReadApiMatch() {}

    /** @return the read-back for {@code destinationName}, or null when no credential applies */
    static ReadBack forDestination(String destinationName, List<ReadApiUri> apis) {
        int open = destinationName.indexOf('(');
        if (open <= 0 || !destinationName.endsWith(")")) {
            return null;
        }
        String kind = destinationName.substring(0, open);
        String loc = destinationName.substring(open + 1, destinationName.length() - 1);
        int slash = loc.indexOf('/');
        String hostPort = slash < 0 ? loc : loc.substring(0, slash);
        switch (kind) {
            case "sentry": {
                String project = loc.substring(loc.lastIndexOf('/') + 1);
                for (ReadApiUri a : apis) {
                    if (a.kind.equals("bugsink-api") && a.hostPort().equals(hostPort)) {
                        return new BugsinkReadBack(a, project);
                    }
                }
                ReadApiUri first = null;
                for (ReadApiUri a : apis) {
                    if (a.kind.equals("sentry-api")) {
                        String only = a.query.get("project-id");
                        if (project.equals(only)) {
                            return new SentryReadBack(a);
                        }
                        if (only == null && first == null) {
                            first = a;
                        }
                    }
                }
                return first == null ? null : new SentryReadBack(first);
            }
            case "bugsnag": {
                ReadApiUri a = pick(apis, "bugsnag-api", hostPort);
                return a == null ? null : new BugsnagReadBack(a);
            }
            case "bugnet": {
                ReadApiUri a = pick(apis, "bugnet-api", hostPort);
                return a == null ? null : new BugnetReadBack(a);
            }
            case "bugreport": {
                ReadApiUri a = pick(apis, "bugreport-api", hostPort);
                return a == null ? null : new BugReportReadBack(a);
            }
            default:
                return null;
        }
    }

    private static ReadApiUri pick(List<ReadApiUri> apis, String kind, String hostPort) {
        ReadApiUri first = null;
        for (ReadApiUri a : apis) {
            if (a.kind.equals(kind)) {
                if (a.hostPort().equals(hostPort)) {
                    return a;
                }
                if (first == null) {
                    first = a;
                }
            }
        }
        return first;
    }
}
