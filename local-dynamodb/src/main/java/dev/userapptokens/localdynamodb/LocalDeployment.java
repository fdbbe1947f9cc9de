package dev.userapptokens.localdynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a local run of the template needs, read from {@code template.yaml}: its HTTP API routes
 * (with their Lambda authorizer), its DynamoDB stream mappings and schedules, its EventBridge
 * buses, and the functions behind them (code, handler, timeout, memory, environment). Values are
 * taken as a deployment with the parameters' defaults would take them, under a local stack name
 * (the table prefix without its trailing {@code -}): a table reference becomes the table's local
 * name ({@link TemplateTables#localName}), a bus reference its {@code Name}.
 * Only the template's own shapes are resolved ({@code Ref}, {@code Fn::If} over an
 * {@code Fn::Equals} condition, {@code Fn::Sub} of parameters and {@code AWS::StackName});
 * anything else fails with its location rather than being guessed.
 * A variable holding a deployment's secret ({@code !Sub '{{resolve:secretsmanager:${Secret}...}}'}
 * of one of the template's {@code AWS::SecretsManager::Secret}s) is not invented here: it is listed
 * under the function's {@code secrets} ({variable: secret's logical id}) for the local run to supply.
 */
public final class LocalDeployment {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRET_REFERENCE =
            Pattern.compile("\\{\\{resolve:secretsmanager:\\$\\{([A-Za-z0-9]+)\\}(:SecretString)?(:[^}]*)?\\}\\}");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)\\}");

    private final JsonNode template;
    private final String tablePrefix;
    private final String stackName;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private LocalDeployment(JsonNode template, String tablePrefix, Map<String, String> overrides) {
        this.template = template;
        this.tablePrefix = tablePrefix;
        String stack = tablePrefix.endsWith("-") ? tablePrefix.substring(0, tablePrefix.length() - 1) : tablePrefix;
        this.stackName = stack.isEmpty() ? "local" : stack;
        template.path("Parameters").fields().forEachRemaining(p -> {
            if (p.getValue().has("Default")) {
                parameters.put(p.getKey(), p.getValue().get("Default").asText());
            }
        });
        overrides.forEach((name, value) -> {
            JsonNode declared = template.path("Parameters").path(name);
            if (declared.isMissingNode()) {
                throw new IllegalArgumentException("the template has no parameter " + name + "; it has "
                        + String.join(", ", (Iterable<String>) template.path("Parameters")::fieldNames));
            }
            JsonNode allowed = declared.path("AllowedValues");
            if (allowed.isArray() && java.util.stream.StreamSupport.stream(allowed.spliterator(), false)
                    .noneMatch(v -> v.asText().equals(value))) {
                throw new IllegalArgumentException("parameter " + name + " takes one of " + allowed + ", not " + value);
            }
        });
        parameters.putAll(overrides);
    }

    /**
     * {"stackName": local stack name,
     * "routes": [{routeKey, method, path, function, authorizer: {name, function, identityHeaders} | null}],
     * "streams": [{id, function, tableId, table, startingPosition, batchSize, maximumBatchingWindowInSeconds,
     * maximumRetryAttempts, bisectBatchOnFunctionError, reportBatchItemFailures, parallelizationFactor,
     * onFailure: {id, type, name} | null}],
     * "schedules": [{function, event, schedule}], "eventBuses": [{id, name}],
     * "functions": {id: {codeUri, handler, timeout, memorySize, environment, secrets}}}: every function a
     * route, a stream mapping or a schedule runs.
     */
    public static ObjectNode describe(JsonNode template, String tablePrefix, Map<String, String> parameterOverrides) {
        return new LocalDeployment(template, tablePrefix, parameterOverrides).describe();
    }

    private ObjectNode describe() {
        JsonNode resources = template.path("Resources");
        ArrayNode routes = JSON.createArrayNode();
        List<String> served = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            JsonNode props = resource.getValue().path("Properties");
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                return;
            }
            props.path("Events").fields().forEachRemaining(event -> {
                if ("HttpApi".equals(event.getValue().path("Type").asText())) {
                    String where = resource.getKey() + ".Events." + event.getKey();
                    routes.add(route(resource.getKey(), event.getValue().path("Properties"), where, served));
                }
            });
        });
        if (routes.isEmpty()) {
            throw new IllegalStateException("the template declares no HttpApi events");
        }
        ArrayNode streams = JSON.createArrayNode();
        ArrayNode schedules = JSON.createArrayNode();
        ArrayNode buses = JSON.createArrayNode();
        resources.fields().forEachRemaining(resource -> {
            String type = resource.getValue().path("Type").asText();
            JsonNode props = resource.getValue().path("Properties");
            if ("AWS::Lambda::EventSourceMapping".equals(type)) {
                String where = resource.getKey();
                String function = functionReferenced(props.path("FunctionName"), where + ".FunctionName");
                ObjectNode stream = streamMapping(resource.getKey(), function, props, props.path("EventSourceArn"), where);
                if (stream != null) {
                    streams.add(stream);
                    addServed(served, function);
                }
            } else if ("AWS::Serverless::Function".equals(type)) {
                props.path("Events").fields().forEachRemaining(event -> {
                    String eventType = event.getValue().path("Type").asText();
                    JsonNode eventProps = event.getValue().path("Properties");
                    String where = resource.getKey() + ".Events." + event.getKey();
                    if ("DynamoDB".equals(eventType)) {
                        ObjectNode stream = streamMapping(resource.getKey() + event.getKey(), resource.getKey(), eventProps,
                                eventProps.path("Stream"), where);
                        if (stream != null) {
                            streams.add(stream);
                            addServed(served, resource.getKey());
                        }
                    } else if ("Schedule".equals(eventType)) {
                        schedules.add(JSON.createObjectNode().put("function", resource.getKey()).put("event", event.getKey())
                                .put("schedule", text(eventProps.get("Schedule"), null, where + ".Schedule")));
                        addServed(served, resource.getKey());
                    }
                });
            } else if ("AWS::Events::EventBus".equals(type)) {
                buses.add(JSON.createObjectNode().put("id", resource.getKey()).put("name", busName(resource.getKey())));
            }
        });
        ObjectNode functions = JSON.createObjectNode();
        for (String id : served) {
            functions.set(id, function(id));
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("stackName", stackName);
        out.set("routes", routes);
        out.set("streams", streams);
        out.set("schedules", schedules);
        out.set("eventBuses", buses);
        out.set("functions", functions);
        return out;
    }

    /**
     * A DynamoDB stream mapping as Lambda's event source mapping would run it (its defaults where a
     * property is absent); null when disabled. Other event sources, and filters, fail with their location.
     */
    private ObjectNode streamMapping(String id, String function, JsonNode props, JsonNode source, String where) {
        if (props.has("Enabled") && !Boolean.parseBoolean(text(props.get("Enabled"), null, where + ".Enabled"))) {
            return null;
        }
        String[] attribute = getAtt(source);
        if (attribute == null || !"StreamArn".equals(attribute[1])
                || !"AWS::DynamoDB::Table".equals(template.path("Resources").path(attribute[0]).path("Type").asText())) {
            throw new IllegalStateException(where + ": the local run reads DynamoDB streams only, named by !GetAtt "
                    + "<table>.StreamArn, not " + source);
        }
        if (template.path("Resources").path(attribute[0]).path("Properties").path("StreamSpecification").isMissingNode()) {
            throw new IllegalStateException(where + ": table " + attribute[0] + " has no StreamSpecification");
        }
        if (props.has("FilterCriteria")) {
            throw new IllegalStateException(where + ": the local run does not filter stream records (FilterCriteria)");
        }
        String starting = text(props.get("StartingPosition"), null, where + ".StartingPosition");
        if (!Set.of("TRIM_HORIZON", "LATEST").contains(starting)) {
            throw new IllegalStateException(where + ".StartingPosition: the local run starts at TRIM_HORIZON or LATEST, not "
                    + starting);
        }
        ObjectNode out = JSON.createObjectNode().put("id", id).put("function", function).put("tableId", attribute[0])
                .put("table", TemplateTables.localName(tablePrefix, attribute[0])).put("startingPosition", starting);
        out.put("batchSize", Integer.parseInt(text(props.get("BatchSize"), "100", where + ".BatchSize")));
        out.put("maximumBatchingWindowInSeconds", Integer.parseInt(text(props.get("MaximumBatchingWindowInSeconds"), "0",
                where + ".MaximumBatchingWindowInSeconds")));
        out.put("maximumRetryAttempts", Integer.parseInt(text(props.get("MaximumRetryAttempts"), "-1",
                where + ".MaximumRetryAttempts")));
        out.put("bisectBatchOnFunctionError", Boolean.parseBoolean(text(props.get("BisectBatchOnFunctionError"), "false",
                where + ".BisectBatchOnFunctionError")));
        boolean report = false;
        for (JsonNode type : props.path("FunctionResponseTypes")) {
            report |= "ReportBatchItemFailures".equals(resolve(type, where + ".FunctionResponseTypes").asText());
        }
        out.put("reportBatchItemFailures", report);
        out.put("parallelizationFactor", Integer.parseInt(text(props.get("ParallelizationFactor"), "1",
                where + ".ParallelizationFactor")));
        JsonNode destination = props.path("DestinationConfig").path("OnFailure").path("Destination");
        if (destination.isMissingNode()) {
            out.putNull("onFailure");
        } else {
            String[] target = getAtt(destination);
            String type = target == null ? "" : template.path("Resources").path(target[0]).path("Type").asText();
            if (target == null || !"Arn".equals(target[1]) || !Set.of("AWS::SQS::Queue", "AWS::SNS::Topic").contains(type)) {
                throw new IllegalStateException(where + ".DestinationConfig.OnFailure.Destination: the local run takes "
                        + "!GetAtt <queue or topic>.Arn, not " + destination);
            }
            out.putObject("onFailure").put("id", target[0]).put("type", type).put("name", stackName + "-" + target[0]);
        }
        return out;
    }

    /** {table, attribute} of a {@code Fn::GetAtt} (either form), or null. */
    private static String[] getAtt(JsonNode value) {
        JsonNode att = value.path("Fn::GetAtt");
        if (att.isArray() && att.size() == 2) {
            return new String[] {att.get(0).asText(), att.get(1).asText()};
        }
        if (att.isTextual() && att.asText().contains(".")) {
            return att.asText().split("\\.", 2);
        }
        return null;
    }

    /** The template function a {@code FunctionName} names ({@code !Ref F}, {@code !Ref F.Alias}, {@code !GetAtt F.Arn}). */
    private String functionReferenced(JsonNode value, String where) {
        String[] att = getAtt(value);
        String id = value.has("Ref") ? value.get("Ref").asText().split("\\.")[0] : att != null && "Arn".equals(att[1])
                ? att[0] : null;
        if (id == null || !"AWS::Serverless::Function".equals(template.path("Resources").path(id).path("Type").asText())) {
            throw new IllegalStateException(where + ": not a function of this template: " + value);
        }
        return id;
    }

    /** A bus's name, as {@code !Ref} of it answers: its {@code Name}. */
    private String busName(String id) {
        JsonNode name = template.path("Resources").path(id).path("Properties").get("Name");
        if (name == null) {
            throw new IllegalStateException(id + ".Name is missing (the local run names a bus by its Name)");
        }
        return text(name, null, id + ".Name");
    }

    private ObjectNode route(String function, JsonNode event, String where, List<String> served) {
        String apiId = event.path("ApiId").path("Ref").asText(null);
        JsonNode api = template.path("Resources").path(apiId == null ? "" : apiId);
        if (!"AWS::Serverless::HttpApi".equals(api.path("Type").asText())) {
            throw new IllegalStateException(where + ": ApiId must be a !Ref to an AWS::Serverless::HttpApi");
        }
        JsonNode apiProps = api.path("Properties");
        String method = event.path("Method").asText("ANY").toUpperCase(Locale.ROOT);
        String path = event.path("Path").asText();
        String routeKey = method + " " + path;
        ObjectNode route = JSON.createObjectNode().put("routeKey", routeKey).put("method", method).put("path", path)
                .put("function", function);
        addServed(served, function);
        String authorizerName = event.path("Auth").has("Authorizer") ? event.path("Auth").path("Authorizer").asText()
                : apiProps.path("Auth").path("DefaultAuthorizer").asText("NONE");
        if ("NONE".equals(authorizerName)) {
            route.putNull("authorizer");
        } else {
            route.set("authorizer", authorizer(apiId, authorizerName, apiProps, served));
        }
        return route;
    }

    private ObjectNode authorizer(String apiId, String name, JsonNode apiProps, List<String> served) {
        String where = apiId + ".Auth.Authorizers." + name;
        JsonNode spec = apiProps.path("Auth").path("Authorizers").path(name);
        if (spec.isMissingNode()) {
            throw new IllegalStateException(where + " is not declared");
        }
        if (!"2.0".equals(spec.path("AuthorizerPayloadFormatVersion").asText())
                || !spec.path("EnableSimpleResponses").asBoolean(false)) {
            throw new IllegalStateException(where + ": the local API runs Lambda authorizers with payload 2.0 and "
                    + "simple responses only");
        }
        JsonNode arn = spec.path("FunctionArn");
        String target = arn.has("Ref") ? arn.get("Ref").asText()
                : arn.path("Fn::GetAtt").isArray() ? arn.path("Fn::GetAtt").path(0).asText() : arn.path("Fn::GetAtt").asText();
        String function = target.split("\\.")[0];
        if (!"AWS::Serverless::Function".equals(template.path("Resources").path(function).path("Type").asText())) {
            throw new IllegalStateException(where + ": FunctionArn is not a function of this template");
        }
        addServed(served, function);
        ObjectNode out = JSON.createObjectNode().put("name", name).put("function", function);
        ArrayNode headers = out.putArray("identityHeaders");
        spec.path("Identity").path("Headers").forEach(h -> headers.add(h.asText()));
        return out;
    }

    private ObjectNode function(String id) {
        JsonNode globals = template.path("Globals").path("Function");
        JsonNode props = template.path("Resources").path(id).path("Properties");
        ObjectNode out = JSON.createObjectNode();
        out.put("codeUri", text(property(globals, props, "CodeUri"), null, id + ".CodeUri"));
        out.put("handler", text(property(globals, props, "Handler"), null, id + ".Handler"));
        out.put("timeout", Integer.parseInt(text(property(globals, props, "Timeout"), "3", id + ".Timeout")));
        out.put("memorySize", Integer.parseInt(text(property(globals, props, "MemorySize"), "128", id + ".MemorySize")));
        ObjectNode environment = out.putObject("environment");
        ObjectNode secrets = out.putObject("secrets");
        for (JsonNode source : List.of(globals, props)) {
            source.path("Environment").path("Variables").fields().forEachRemaining(variable -> {
                String secret = secretReferenced(variable.getValue());
                if (secret != null) {
                    environment.remove(variable.getKey());
                    secrets.put(variable.getKey(), secret);
                    return;
                }
                secrets.remove(variable.getKey());
                JsonNode value = resolve(variable.getValue(), id + ".Environment." + variable.getKey());
                if (value.isNull()) {
                    environment.remove(variable.getKey());
                } else {
                    environment.put(variable.getKey(), value.asText());
                }
            });
        }
        return out;
    }

    /** The logical id of the template's secret {@code value} dynamically references, or null. */
    private String secretReferenced(JsonNode value) {
        if (!value.isObject() || value.size() != 1 || !value.path("Fn::Sub").isTextual()) {
            return null;
        }
        Matcher m = SECRET_REFERENCE.matcher(value.get("Fn::Sub").asText());
        if (!m.matches() || !"AWS::SecretsManager::Secret".equals(
                template.path("Resources").path(m.group(1)).path("Type").asText())) {
            return null;
        }
        return m.group(1);
    }

    private static JsonNode property(JsonNode globals, JsonNode props, String name) {
        return props.has(name) ? props.get(name) : globals.get(name);
    }

    private String text(JsonNode value, String fallback, String where) {
        JsonNode resolved = value == null ? null : resolve(value, where);
        if (resolved == null || resolved.isNull()) {
            if (fallback == null) {
                throw new IllegalStateException(where + " is missing");
            }
            return fallback;
        }
        return resolved.asText();
    }

    /** A template value as a deployment with these parameters would see it; NullNode for AWS::NoValue. */
    private JsonNode resolve(JsonNode value, String where) {
        if (value.isValueNode()) {
            return value;
        }
        if (value.isObject() && value.size() == 1 && value.has("Ref")) {
            String name = value.get("Ref").asText();
            if (parameters.containsKey(name)) {
                return JSON.getNodeFactory().textNode(parameters.get(name));
            }
            if ("AWS::DynamoDB::Table".equals(template.path("Resources").path(name).path("Type").asText())) {
                return JSON.getNodeFactory().textNode(TemplateTables.localName(tablePrefix, name));
            }
            if ("AWS::Events::EventBus".equals(template.path("Resources").path(name).path("Type").asText())) {
                return JSON.getNodeFactory().textNode(busName(name));
            }
            if ("AWS::StackName".equals(name)) {
                return JSON.getNodeFactory().textNode(stackName);
            }
            if ("AWS::NoValue".equals(name)) {
                return JSON.getNodeFactory().nullNode();
            }
        }
        if (value.isObject() && value.size() == 1 && value.path("Fn::Sub").isTextual()) {
            Matcher m = SUB_VARIABLE.matcher(value.get("Fn::Sub").asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement;
                if (name.startsWith("!")) {
                    replacement = "${" + name.substring(1) + "}";
                } else if (parameters.containsKey(name) || "AWS::StackName".equals(name)) {
                    replacement = resolve(JSON.createObjectNode().put("Ref", name), where).asText();
                } else {
                    throw new IllegalStateException(where + ": the local API cannot resolve ${" + name + "} in " + value
                            + " (Fn::Sub of parameters and AWS::StackName only)");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return JSON.getNodeFactory().textNode(out.toString());
        }
        if (value.isObject() && value.size() == 1 && value.has("Fn::If") && value.get("Fn::If").size() == 3) {
            JsonNode choice = value.get("Fn::If");
            JsonNode condition = template.path("Conditions").path(choice.get(0).asText()).path("Fn::Equals");
            if (condition.size() == 2) {
                boolean holds = resolve(condition.get(0), where).asText().equals(resolve(condition.get(1), where).asText());
                return resolve(choice.get(holds ? 1 : 2), where);
            }
        }
        throw new IllegalStateException(where + ": the local API cannot resolve " + value
                + " (it resolves Ref to a parameter, table or bus, Fn::If over an Fn::Equals condition, and Fn::Sub of "
                + "parameters and AWS::StackName)");
    }

    private static void addServed(List<String> served, String function) {
        if (!served.contains(function)) {
            served.add(function);
        }
    }
}
