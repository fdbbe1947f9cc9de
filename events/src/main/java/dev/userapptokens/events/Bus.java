package dev.userapptokens.events;

import java.time.Instant;
import java.util.List;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** The deployment's EventBridge bus: puts events in order, and says how far it got. */
public final class Bus {

    public static final String SOURCE = "user-app-tokens";
    /** PutEvents takes at most ten entries a call. */
    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient client;
    private final String name;

    public Bus(EventBridgeClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public PutEventsRequestEntry entry(String detailType, String detailJson, Instant time) {
        return PutEventsRequestEntry.builder().eventBusName(name).source(SOURCE).detailType(detailType)
                .detail(detailJson).time(time).build();
    }

    /**
     * Puts {@code entries} in their order, ten a call, and stops at the first entry that did not
     * go in (a failed call counts for all its entries). Returns how many leading entries are on
     * the bus; entries after a failure may be on it too (a retry then sends them again).
     */
    public int put(List<PutEventsRequestEntry> entries) {
        for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
            List<PutEventsRequestEntry> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES));
            PutEventsResponse response;
            try {
                response = client.putEvents(p -> p.entries(chunk));
            } catch (RuntimeException e) {
                Log.putFailed(e);
                return from;
            }
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i).errorCode() != null) {
                        Log.entryFailed(results.get(i).errorCode());
                        return from + i;
                    }
                }
                return from;
            }
        }
        return entries.size();
    }
}
