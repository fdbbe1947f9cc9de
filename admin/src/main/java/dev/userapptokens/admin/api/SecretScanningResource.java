package dev.userapptokens.admin.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.leaks.ReportSignatures;
import dev.userapptokens.core.tokens.Revocation;
import dev.userapptokens.core.tokens.TokenHash;

/**
 * GitHub's secret scanning partner endpoint (API.md {@code POST /v1/secret-scanning/github}): no
 * bearer token and not behind the authorizer; a report counts only when its signature over the raw
 * body verifies with the key it names from the deployment's key list. Then every active token in it
 * is revoked, and the answer is GitHub's feedback: one {@code true_positive} entry per token revoked.
 *
 * <p>In order, each refusal changing nothing: a body over 1 MiB is a 413 ({@link BodyLimit}); a
 * missing, unknown or bad signature a 401; a key list that cannot be read a 503 (GitHub tries
 * again); a body that is not JSON a 400 MALFORMED_JSON, and one of the wrong shape a 400 VALIDATION.
 */
@Path(SecretScanningResource.PATH)
public class SecretScanningResource {

    public static final String PATH = "/v1/secret-scanning/github";
    static final String KEY_IDENTIFIER = "Github-Public-Key-Identifier";
    static final String SIGNATURE = "Github-Public-Key-Signature";
    private static final Logger LOG = Logger.getLogger(SecretScanningResource.class);

    @Inject
    ReportSignatures signatures;

    @Inject
    Revocation revocation;

    @Inject
    ObjectMapper json;

    /** Any content type: the signature covers the bytes whatever they are labelled, and they are parsed as JSON. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@Context HttpHeaders headers, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        ReportSignatures.Outcome outcome = signatures.check(single(headers, KEY_IDENTIFIER), single(headers, SIGNATURE), raw);
        switch (outcome) {
            case VALID -> { }
            case MISSING -> {
                LOG.info("secret scanning report refused: no signature");
                return Problem.response(Problem.Code.UNAUTHENTICATED,
                        KEY_IDENTIFIER + " and " + SIGNATURE + " are required");
            }
            case KEYS_UNAVAILABLE -> {
                LOG.warn("secret scanning report not taken: the key list could not be read");
                return Response.fromResponse(Problem.response(Problem.Code.UNAVAILABLE,
                        "the secret scanning key list is unavailable; retry later")).header("Retry-After", "60").build();
            }
            default -> {
                LOG.infof("secret scanning report refused: %s", outcome);
                return Problem.response(Problem.Code.UNAUTHENTICATED,
                        "the signature does not verify with a published secret scanning key");
            }
        }
        List<Revocation.LeakOutcome> outcomes = revocation.revokeLeaked(entries(raw));
        List<Json.LeakFeedbackBody> feedback = new ArrayList<>();
        for (Revocation.LeakOutcome leak : outcomes) {
            if (leak.wasRevoked()) {
                feedback.add(new Json.LeakFeedbackBody(TokenHash.hex(leak.leak().token()), leak.leak().type(),
                        Json.LeakFeedbackBody.TRUE_POSITIVE));
                LOG.infof("token %s of %s revoked: reported leaked", leak.revoked().id(), leak.revoked().userId());
            }
        }
        LOG.infof("secret scanning report: %d entries, %d tokens revoked", outcomes.size(), feedback.size());
        return Response.ok(feedback, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The header's value when it is given exactly once; otherwise none (two signatures are no signature). */
    private static String single(HttpHeaders headers, String name) {
        List<String> values = headers.getRequestHeader(name);
        return values != null && values.size() == 1 ? values.get(0) : null;
    }

    /** The report's entries: a JSON array of {@code {"token","type","url","source"}}; unknown fields are GitHub's to add. */
    private List<Revocation.Leak> entries(byte[] body) {
        JsonNode report;
        try {
            report = json.readTree(body);
        } catch (IOException e) { // a JacksonException: reading bytes in memory fails on nothing else
            throw new JsonSyntax.MalformedJsonException();
        }
        if (report == null || report.isMissingNode()) {
            throw new JsonSyntax.MalformedJsonException(); // an empty body is not JSON
        }
        if (!report.isArray()) {
            throw RejectedException.invalid("body", "must be a JSON array of reported tokens");
        }
        if (report.size() > Revocation.MAX_REPORT_ENTRIES) {
            throw RejectedException.invalid("body", "at most " + Revocation.MAX_REPORT_ENTRIES + " entries");
        }
        List<Revocation.Leak> leaks = new ArrayList<>(report.size());
        for (int i = 0; i < report.size(); i++) {
            JsonNode entry = report.get(i);
            if (!entry.isObject()) {
                throw RejectedException.invalid("[" + i + "]", "must be a JSON object");
            }
            leaks.add(new Revocation.Leak(text(entry, i, "token"), text(entry, i, "type"), text(entry, i, "url"),
                    text(entry, i, "source")));
        }
        return leaks;
    }

    private static String text(JsonNode entry, int index, String field) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw RejectedException.invalid("[" + index + "]." + field, "must be a string");
        }
        return value.asText();
    }
}
