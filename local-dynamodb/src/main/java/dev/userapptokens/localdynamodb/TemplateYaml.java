package dev.userapptokens.localdynamodb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code template.yaml} the way CloudFormation does: a short-form tag becomes its long form
 * ({@code !Ref X} is {@code {"Ref": "X"}}, {@code !If [...]} is {@code {"Fn::If": [...]}}), so a
 * reference is never mistaken for a literal (a plain YAML reader drops the tags).
 */
public final class TemplateYaml {

    private TemplateYaml() {
    }

    public static JsonNode read(Path template) {
        try {
            return parse(Files.readString(template));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + template + ": " + e.getMessage(), e);
        }
    }

    /** {@link #read} of template text (tests use it on mutated copies). */
    public static JsonNode parse(String templateText) {
        return new ObjectMapper().valueToTree(new Yaml(new IntrinsicsConstructor()).load(templateText));
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {
        IntrinsicsConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String name = node.getTag().getValue().substring(1);
                    Object value = node instanceof ScalarNode scalar ? constructScalar(scalar)
                            : node instanceof SequenceNode sequence ? constructSequence(sequence)
                            : constructMapping((MappingNode) node);
                    return Map.of(name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name, value);
                }
            });
        }
    }
}
