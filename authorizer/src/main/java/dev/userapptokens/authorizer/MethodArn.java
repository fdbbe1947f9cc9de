package dev.userapptokens.authorizer;

import java.util.Locale;

/**
 * An {@code execute-api} method ARN as API Gateway sends it:
 * {@code arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/resource/path}. The request
 * path is what follows the method, with the stage stripped.
 *
 * <p>Parsing refuses anything that would make a policy built from this ARN wider than intended:
 * IAM wildcards ({@code *}, {@code ?}) in the region, account, API id, stage or method, and empty
 * parts. The path is not judged here (the access policy refuses unsafe paths).
 */
public record MethodArn(String partition, String region, String account, String apiId, String stage,
                        String method, String path) {

    /** Far above any real ARN (API Gateway paths are bounded well below this). */
    static final int MAX_LENGTH = 4096;

    /** The parsed ARN, or null when {@code arn} is not a well-formed execute-api method ARN. Never throws. */
    public static MethodArn parse(String arn) {
        if (arn == null || arn.length() > MAX_LENGTH) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("execute-api")
                || !parts[1].startsWith("aws")) {
            return null;
        }
        String[] resource = parts[5].split("/", 4);
        if (resource.length < 3) {
            return null;
        }
        String partition = parts[1];
        String region = parts[3];
        String account = parts[4];
        String apiId = resource[0];
        String stage = resource[1];
        String method = resource[2];
        if (!isPlainName(partition) || !isPlainName(region) || !isPlainName(account) || !isPlainName(apiId)
                || !isPlainName(stage) || !isMethod(method)) {
            return null;
        }
        String path = "/" + (resource.length == 4 ? resource[3] : "");
        return new MethodArn(partition, region, account, apiId, stage, method, path);
    }

    /** {@code arn:aws:execute-api:region:account:apiId/stage/}: the prefix every resource of a policy shares. */
    public String stagePrefix() {
        return "arn:" + partition + ":execute-api:" + region + ":" + account + ":" + apiId + "/" + stage + "/";
    }

    /** This ARN, rebuilt from its parts (the same text API Gateway sent). */
    public String text() {
        return stagePrefix() + method + path;
    }

    /** Non-empty, printable ASCII, none of the IAM wildcards, no separators. */
    private static boolean isPlainName(String part) {
        if (part.isEmpty() || part.length() > 256) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '*' || c == '?' || c == '/' || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static boolean isMethod(String method) {
        if (method.isEmpty() || method.length() > 16) {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return method.equals(method.toUpperCase(Locale.ROOT));
    }
}
