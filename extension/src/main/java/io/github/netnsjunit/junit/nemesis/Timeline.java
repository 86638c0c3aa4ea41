package io.github.netnsjunit.junit.nemesis;

import io.github.netnsjunit.junit.CountedFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link Nemesis} had in force, and when: one entry per fault, from when it began to when it ended (or
 * "still active"), in times since the nemesis was made. {@link #text()} is for failures and logs, {@link #svg()} a
 * picture (a row per fault, a bar per time it was active) for the report. Thread-safe.
 */
public final class Timeline {
    /**
     * One fault's time in force.
     *
     * @param fault what it was, e.g. {@code halves [n1, n2] | [n3, n4, n5]} or {@code pause pid 4242 (sleep)}
     * @param start when it began, since the nemesis was made
     * @param end   when it ended; null while it is active
     */
    public record Entry(String fault, Duration start, Duration end) {
        /** True while the fault is in force. */
        public boolean isActive() {
            return end == null;
        }
    }

    private final long origin;
    private final String heading;
    private final List<Entry> entries = new ArrayList<>();
    /** Per entry index, the fault's counts where it has them (partitions), for the text. */
    private final Map<Integer, CountedFault> counted = new LinkedHashMap<>();

    Timeline(long originNanos, String heading) {
        this.origin = originNanos;
        this.heading = heading;
    }

    /** Now, as a time of this timeline. */
    Duration now() {
        return Duration.ofNanos(System.nanoTime() - origin);
    }

    /** Records a fault that begins now; returns its index for {@link #end}. */
    synchronized int begin(String fault) {
        entries.add(new Entry(fault, now(), null));
        return entries.size() - 1;
    }

    /** Like {@link #begin(String)}, for a fault whose hits the text reports. */
    synchronized int begin(CountedFault fault) {
        int index = begin(fault.toString());
        counted.put(index, fault);
        return index;
    }

    /** Records that the fault of {@code index} ended now (once; later calls do nothing). */
    synchronized void end(int index) {
        Entry e = entries.get(index);
        if (e.isActive()) {
            entries.set(index, new Entry(e.fault(), e.start(), now()));
        }
    }

    /** Records an instant event, e.g. a kill: it begins and ends now. */
    synchronized void instant(String fault) {
        Duration at = now();
        entries.add(new Entry(fault, at, at));
    }

    /** Every entry so far, in the order the faults began. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The faults in force at {@code time}. */
    public synchronized List<String> activeAt(Duration time) {
        return entries.stream().filter(e -> e.start().compareTo(time) <= 0 && (e.end() == null
                || e.end().compareTo(time) > 0)).map(Entry::fault).toList();
    }

    /**
     * The timeline in words, one line per fault:
     * <pre>
     * nemesis timeline (seed 42; times since the nemesis began):
     *   +0.102 s .. +0.413 s  (0.311 s)  halves [n2, n4] | [n1, n3, n5] (hit 12 packets, 1008 bytes)
     *   +0.700 s .. still active          pause pid 4242 (sleep)
     * </pre>
     * A partition says what it hit while it held (read now; a partition of a topology already torn down says
     * nothing).
     */
    public synchronized String text() {
        StringBuilder b = new StringBuilder("nemesis timeline (" + heading + "; times since the nemesis began):\n");
        if (entries.isEmpty()) {
            b.append("  nothing was active\n");
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            b.append("  ").append(seconds(e.start())).append(" .. ")
                    .append(e.end() == null ? "still active" + " ".repeat(9) : seconds(e.end()) + "  ("
                            + String.format(Locale.ROOT, "%.3f s", e.end().minus(e.start()).toNanos() / 1e9) + ")")
                    .append("  ").append(e.fault()).append(hits(i)).append('\n');
        }
        return b.toString();
    }

    /** The timeline as an SVG picture: a row per fault, a bar for each time it was active, a time axis in seconds. */
    public synchronized String svg() {
        Duration last = now();
        for (Entry e : entries) {
            last = max(last, e.end() == null ? last : e.end());
        }
        double total = Math.max(0.001, last.toNanos() / 1e9);
        Map<String, Integer> rows = new LinkedHashMap<>();
        entries.forEach(e -> rows.putIfAbsent(e.fault(), rows.size()));
        int label = 360;
        int width = 640;
        int rowHeight = 22;
        int height = 40 + rows.size() * rowHeight + 30;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(label + width + 20)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("  <title>").append(escape("nemesis timeline (" + heading + ")")).append("</title>\n");
        s.append("  <text x=\"8\" y=\"20\" font-weight=\"bold\">").append(escape("nemesis timeline (" + heading + ")"))
                .append("</text>\n");
        for (Map.Entry<String, Integer> r : rows.entrySet()) {
            int y = 40 + r.getValue() * rowHeight;
            s.append("  <text x=\"8\" y=\"").append(y + 15).append("\">").append(escape(shorten(r.getKey())))
                    .append("</text>\n");
            s.append("  <line x1=\"").append(label).append("\" y1=\"").append(y + rowHeight - 1).append("\" x2=\"")
                    .append(label + width).append("\" y2=\"").append(y + rowHeight - 1)
                    .append("\" stroke=\"#ddd\"/>\n");
        }
        for (Entry e : entries) {
            int y = 40 + rows.get(e.fault()) * rowHeight;
            double from = e.start().toNanos() / 1e9;
            double to = (e.end() == null ? last : e.end()).toNanos() / 1e9;
            double x = label + width * from / total;
            double w = Math.max(2, width * (to - from) / total);
            s.append("  <rect x=\"").append(fmt(x)).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(fmt(w)).append("\" height=\"").append(rowHeight - 6).append("\" fill=\"")
                    .append(e.end() == null ? "#d62728" : "#1f77b4").append("\"><title>")
                    .append(escape(e.fault() + ": " + seconds(e.start()) + " .. "
                            + (e.end() == null ? "still active" : seconds(e.end()))))
                    .append("</title></rect>\n");
        }
        int axis = 40 + rows.size() * rowHeight + 4;
        s.append("  <line x1=\"").append(label).append("\" y1=\"").append(axis).append("\" x2=\"").append(label + width)
                .append("\" y2=\"").append(axis).append("\" stroke=\"black\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double x = label + width * i / 4.0;
            s.append("  <text x=\"").append(fmt(x)).append("\" y=\"").append(axis + 16)
                    .append("\" text-anchor=\"middle\">").append(String.format(Locale.ROOT, "%.2f s", total * i / 4))
                    .append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private String hits(int index) {
        CountedFault fault = counted.get(index);
        if (fault == null) {
            return "";
        }
        try {
            return " (hit " + fault.hits() + ")";
        } catch (RuntimeException e) {
            return ""; // its namespaces are gone
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "+%.3f s", d.toNanos() / 1e9);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shorten(String s) {
        return s.length() <= 56 ? s : s.substring(0, 55) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
