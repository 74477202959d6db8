package dev.telltale.bench;

import java.util.List;
import java.util.Locale;

/** The flood's table for {@link Report}: one row per SDK (and Telltale storm-policy setting) and phase. */
final class FloodTable {
    private FloodTable() {}

    static void append(List<String[]> lines, StringBuilder out) {
        boolean any = false;
        for (String[] l : lines) {
            any |= l[0].equals("flood");
        }
        if (!any) {
            return;
        }
        out.append("### 10. Flood: fresh exceptions from many threads, backend up, then down\n\n");
        out.append(
                "| SDK | phase | seconds | threads | captured | captures/s | capture p50 µs | p99 µs | p99.9 µs | max µs "
                        + "| heap after GC MiB | peak heap MiB | received (cumulative) | SDK says sent | spooled | drops the SDK counts | drops reported to the server |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (String[] l : lines) {
            if (!l[0].equals("flood")) {
                continue;
            }
            String sdk = l[1] + (l.length > 20 && !l[20].isEmpty() ? " (" + l[20] + ")" : "");
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                    sdk,
                    l[3],
                    l[4],
                    l[5],
                    l[6],
                    l[7],
                    l[8],
                    l[9],
                    l[10],
                    l[11],
                    l[12],
                    l[13],
                    l[14],
                    l[15].equals("-1") ? "—" : l[15],
                    l[16].equals("-1") ? "—" : l[16],
                    l[17],
                    l[18]));
        }
        out.append('\n');
    }
}
