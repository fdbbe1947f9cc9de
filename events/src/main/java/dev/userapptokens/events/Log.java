package dev.userapptokens.events;

import org.jboss.logging.Logger;

/** What the events functions log: ids and counts, never a token, a hash or an event's detail. */
final class Log {

    private static final Logger LOG = Logger.getLogger("dev.userapptokens.events");

    private Log() {
    }

    static void putFailed(RuntimeException e) {
        LOG.warnf("PutEvents failed (%s); the records from there on are retried", e.getClass().getSimpleName());
    }

    static void entryFailed(String errorCode) {
        LOG.warnf("PutEvents refused an entry (%s); the records from there on are retried", errorCode);
    }

    static void lookupFailed(String userId, RuntimeException e) {
        LOG.warnf("reading user %s for an event failed (%s); the records from there on are retried", userId,
                e.getClass().getSimpleName());
    }

    static void noTime(String sequence) {
        LOG.warnf("stream record %s: its audit item has no RFC 3339 'at'; forwarded with the time of the put", sequence);
    }

    static void forwarded(int forwarded, int records) {
        LOG.infof("forwarded %d of %d stream records", forwarded, records);
    }

    static void warned(String tokenId, int threshold, long daysLeft) {
        LOG.infof("expiry warning: token %s, threshold %d days, %d days left", tokenId, threshold, daysLeft);
    }

    static void warningNotPut(String tokenId) {
        LOG.warnf("expiry warning for token %s not put; the next run tries again", tokenId);
    }
}
