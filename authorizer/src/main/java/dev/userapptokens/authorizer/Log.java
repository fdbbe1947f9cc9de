package dev.userapptokens.authorizer;

import org.jboss.logging.Logger;

/** One debug line per decision: outcome, reason, token id (never the token), time taken. */
final class Log {

    private Log() {
    }

    static void decision(Logger log, Decision decision, long startNanos) {
        if (!log.isDebugEnabled()) {
            return;
        }
        long micros = (System.nanoTime() - startNanos) / 1000;
        if (decision instanceof Decision.Allow allow) {
            log.debugf("allow token=%s user=%s in %dus", allow.principal().tokenId(), allow.principal().userId(), micros);
        } else if (decision instanceof Decision.Deny deny) {
            log.debugf("deny %s%s in %dus", deny.reason(),
                    deny.principal() == null ? "" : " token=" + deny.principal().tokenId(), micros);
        }
    }
}
