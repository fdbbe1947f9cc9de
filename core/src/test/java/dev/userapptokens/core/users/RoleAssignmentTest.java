package dev.userapptokens.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compact form of {@link RoleAssignment}, as stored and as the authorizer's context carries it. */
class RoleAssignmentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "DEVELOPER; DEVELOPER; ''",
            "WORKSPACE_MANAGER:ws-1; WORKSPACE_MANAGER; ws-1",
            "WORKSPACE_MANAGER:ws-1|ws-2|ws.3_x-y; WORKSPACE_MANAGER; ws-1|ws-2|ws.3_x-y",
    })
    void oneAssignmentRoundTrips(String compact, String name, String workspaces) {
        RoleAssignment role = RoleAssignment.fromCompact(compact);
        assertEquals(name, role.name());
        assertEquals(workspaces.isEmpty() ? List.of() : List.of(workspaces.split("\\|")), role.workspaces());
        assertEquals(compact, role.compact());
        assertEquals(role, RoleAssignment.fromCompact(role.compact()));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = ';', value = {
            "''",
            "DEVELOPER",
            "DEVELOPER,GLOBAL_USER_ADMIN",
            "DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2,WORKSPACE_VIEWER:ws-3",
    })
    void aListRoundTripsInOrder(String compact) {
        List<String> parts = compact.isEmpty() ? List.of() : List.of(compact.split(","));
        List<RoleAssignment> roles = RoleAssignment.fromCompact(parts);
        assertEquals(compact, RoleAssignment.compact(roles));
        assertEquals(parts, RoleAssignment.toCompact(roles));
    }

    @Test
    void workspacesAreCopiedAndNullMeansNone() {
        List<String> workspaces = new java.util.ArrayList<>(List.of("ws-1"));
        RoleAssignment role = new RoleAssignment("WORKSPACE_VIEWER", workspaces);
        workspaces.add("ws-2");
        assertEquals(List.of("ws-1"), role.workspaces(), "a later change of the caller's list does not leak in");
        assertEquals(List.of(), new RoleAssignment("DEVELOPER", null).workspaces());
        assertEquals("DEVELOPER", new RoleAssignment("DEVELOPER", null).compact());
        assertEquals(RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"), RoleAssignment.fromCompact("WORKSPACE_VIEWER:ws-1"));
    }

    @Test
    void aColonWithNothingAfterItIsOneEmptyWorkspaceNotNone() {
        // Never written (UserRules refuses empty workspace ids); read back as what it says, not guessed at.
        assertEquals(List.of(""), RoleAssignment.fromCompact("WORKSPACE_VIEWER:").workspaces());
    }
}
