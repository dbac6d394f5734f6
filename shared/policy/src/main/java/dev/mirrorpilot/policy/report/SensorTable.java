package dev.mirrorpilot.policy.report;

import dev.mirrorpilot.policy.load.SensorLoadReport;
import java.util.Locale;

/** The Sensor load report as text: a line per target, a line per Sensor, and the month's cost. */
public final class SensorTable {
    private SensorTable() {
    }

    public static String render(SensorLoadReport report, String trafficSource) {
        var out = new StringBuilder();
        out.append("Sensor load (traffic: ").append(trafficSource).append(")\n");
        var targets = new TextTable(java.util.List.of("target", "name", "kind", "sessions", "sources", "of", "Gbps", "rated",
                "use", "cross-AZ"), false, false, false, true, true, true, true, true, true, true);
        for (var t : report.targets()) {
            targets.row(t.targetId(), t.name(), t.kind(), t.sessions(), t.sources(), t.limit() < 0 ? "-" : t.limit(),
                    gbps(t.gbps()), t.ratedGbps() > 0 ? gbps(t.ratedGbps()) : "unrated",
                    t.ratedGbps() > 0 ? String.format(Locale.ROOT, "%.0f%%", t.gbpsShare()) : "-",
                    t.sensorZone().isEmpty() ? "?" : Integer.toString(t.crossAzSources()));
        }
        out.append(targets.render("  "));
        var sensors = new TextTable(java.util.List.of("Sensor", "targets", "Gbps", "rated", "use"), false, false, true, true, true);
        for (var s : report.sensors()) {
            if (s.targetIds().size() > 1) {
                sensors.row(s.sensor(), String.join(",", s.targetIds()), gbps(s.gbps()),
                        s.ratedGbps() > 0 ? gbps(s.ratedGbps()) : "unrated",
                        s.ratedGbps() > 0 ? String.format(Locale.ROOT, "%.0f%%", s.gbpsShare()) : "-");
            }
        }
        if (!sensors.isEmpty()) {
            out.append("Sensors fed by more than one target\n").append(sensors.render("  "));
        }
        var cost = report.cost();
        out.append(String.format(Locale.ROOT, "Estimated month: %d sessions x %.0f h x $%.3f = $%,.2f; cross-AZ %,.0f GB x $%.3f = $%,.2f;"
                        + " total $%,.2f (prices settable; data at the estimated rate)%n", cost.sessions(),
                SensorLoadReport.HOURS_PER_MONTH, cost.prices().perSessionHour(), cost.sessionCost(), cost.crossAzGb(),
                cost.prices().perCrossAzGb(), cost.crossAzCost(), cost.total()));
        return out.toString();
    }

    private static String gbps(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
