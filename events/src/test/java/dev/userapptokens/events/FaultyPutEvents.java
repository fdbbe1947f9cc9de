package dev.userapptokens.events;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * EventBridge trouble on demand, for the next PutEvents call only: {@link #throttleFrom} lets the
 * first entries through and answers the rest as throttled (they really do not reach the bus, as
 * with a real partial failure); {@link #failNextCall} fails the whole call.
 */
public class FaultyPutEvents implements ExecutionInterceptor {

    private static volatile int acceptOnly = -1;
    private static volatile boolean failCall;
    private static volatile int dropped;

    static void throttleFrom(int entries) {
        acceptOnly = entries;
    }

    static void failNextCall() {
        failCall = true;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutEventsRequest && failCall) {
            failCall = false;
            throw software.amazon.awssdk.services.eventbridge.model.EventBridgeException.builder()
                    .message("injected: service unavailable").statusCode(503).build();
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutEventsRequest request && acceptOnly >= 0) {
            int keep = Math.min(acceptOnly, request.entries().size());
            acceptOnly = -1;
            dropped = request.entries().size() - keep;
            return request.toBuilder().entries(request.entries().subList(0, keep)).build();
        }
        return context.request();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof PutEventsResponse response && dropped > 0) {
            List<PutEventsResultEntry> entries = new ArrayList<>(response.entries());
            for (int i = 0; i < dropped; i++) {
                entries.add(PutEventsResultEntry.builder().errorCode("ThrottlingException")
                        .errorMessage("injected").build());
            }
            int failed = dropped;
            dropped = 0;
            return response.toBuilder().entries(entries).failedEntryCount(failed).build();
        }
        return context.response();
    }
}
