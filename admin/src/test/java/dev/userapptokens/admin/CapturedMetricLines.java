package dev.userapptokens.admin;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import dev.userapptokens.core.metrics.MetricLines;

/** The tests' EMF sink: keeps the lines (the last 1,000) instead of printing them. */
@Alternative
@Priority(1)
@Singleton
public class CapturedMetricLines extends MetricLines {

    private static final List<String> LINES = new ArrayList<>();

    @Override
    public void accept(String line) {
        synchronized (LINES) {
            if (LINES.size() == 1000) {
                LINES.remove(0);
            }
            LINES.add(line);
        }
    }

    static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }
}
