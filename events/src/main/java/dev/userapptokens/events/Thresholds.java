package dev.userapptokens.events;

import java.util.List;
import java.util.TreeSet;

/** The expiry-warning thresholds in days, e.g. {@code "30,7,1"}: distinct, 1..365, smallest first. */
public record Thresholds(List<Integer> days) {

    public Thresholds {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no expiry warning thresholds");
        }
        days = List.copyOf(new TreeSet<>(days));
    }

    /** Parses a comma-separated list, refusing anything but whole days 1..365 (a deployment mistake). */
    public static Thresholds parse(String text) {
        TreeSet<Integer> days = new TreeSet<>();
        for (String part : text.split(",")) {
            int day;
            try {
                day = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expiry warning thresholds: '" + part.strip()
                        + "' is not a number of days (expected e.g. 30,7,1)");
            }
            if (day < 1 || day > 365) {
                throw new IllegalArgumentException("expiry warning thresholds: " + day + " is not within 1..365 days");
            }
            days.add(day);
        }
        return new Thresholds(List.copyOf(days));
    }

    public int largest() {
        return days.get(days.size() - 1);
    }

    /** The smallest threshold a token with {@code daysLeft} has reached, or null when none. */
    public Integer reached(long daysLeft) {
        return days.stream().filter(d -> d >= daysLeft).findFirst().orElse(null);
    }

    /** Every threshold a token with {@code daysLeft} has reached. */
    public List<Integer> allReached(long daysLeft) {
        return days.stream().filter(d -> d >= daysLeft).toList();
    }
}
