package dev.userapptokens.core.audit;

import dev.userapptokens.core.Page;

/**
 * The audit trail as the admin API reads it. Events are written only by the change they record,
 * in its own transaction (see {@link dev.userapptokens.core.users.UserStore}), never on their own.
 */
public interface AuditLog {

    /** Newest first, {@code limit} at a time (the API's query parameters as given). */
    Page<AuditEvent> list(String limit, String cursor);
}
