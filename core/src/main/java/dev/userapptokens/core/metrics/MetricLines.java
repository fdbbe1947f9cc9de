package dev.userapptokens.core.metrics;

import java.util.function.Consumer;

/**
 * Where the EMF lines go: the function's standard output, one line each, which Lambda sends to its
 * CloudWatch log stream, where CloudWatch extracts the metrics. Not through the logger: an EMF line
 * must be the log event's whole JSON object, not a JSON log record's message. Each function
 * produces one (tests replace it to capture the lines).
 */
public class MetricLines implements Consumer<String> {

    @Override
    public void accept(String line) {
        System.out.println(line);
    }
}
