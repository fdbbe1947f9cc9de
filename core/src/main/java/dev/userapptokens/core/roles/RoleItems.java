package dev.userapptokens.core.roles;

import java.util.Map;

import dev.userapptokens.core.store.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A role as an item of the roles table: {@code name} (the key), {@code scoped}, {@code description}
 * (absent when empty), {@code permissions} (a list of strings), and, on custom roles, the
 * {@code version} of the definition and the {@code holders} count (see {@link StoredRole}). The
 * catalog and the store read items through here, so both parse a role the same way.
 */
final class RoleItems {

    static final String NAME = "name";
    static final String SCOPED = "scoped";
    static final String DESCRIPTION = "description";
    static final String PERMISSIONS = "permissions";
    static final String VERSION = "version";
    static final String HOLDERS = "holders";

    /** The attribute names as placeholders ({@code name} is a reserved word of DynamoDB's expressions). */
    static final Map<String, String> NAMES = Map.of("#name", NAME, "#scoped", SCOPED, "#description", DESCRIPTION,
            "#permissions", PERMISSIONS, "#version", VERSION, "#holders", HOLDERS);

    private static final System.Logger LOG = System.getLogger(RoleItems.class.getName());

    private RoleItems() {
    }

    /** The role an item holds, or null (logged) when the item is not a well-formed role: it then grants nothing. */
    static Role toRole(Map<String, AttributeValue> item) {
        String name = Attributes.string(item, NAME);
        java.util.List<String> permissions = Attributes.stringList(item, PERMISSIONS);
        AttributeValue scoped = item.get(SCOPED);
        if (name == null || permissions == null || scoped == null || scoped.bool() == null) {
            LOG.log(System.Logger.Level.WARNING, "ignoring malformed role item " + name);
            return null;
        }
        try {
            String description = Attributes.string(item, DESCRIPTION);
            return new Role(name, scoped.bool(), description == null ? "" : description,
                    permissions.stream().map(Permission::parse).toList());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring role " + name + ": " + e.getMessage());
            return null;
        }
    }

    /** The item as the role store reads it, or null when it does not parse. */
    static StoredRole toStored(Map<String, AttributeValue> item) {
        Role role = toRole(item);
        if (role == null) {
            return null;
        }
        Long version = Attributes.number(item, VERSION);
        Long holders = Attributes.number(item, HOLDERS);
        return new StoredRole(role, version == null ? 0 : version, holders == null ? 0 : holders);
    }
}
