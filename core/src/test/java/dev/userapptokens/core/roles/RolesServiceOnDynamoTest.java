package dev.userapptokens.core.roles;

import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.Services;

/** {@link RolesServiceTest} on the DynamoDB stores: both implementations keep the same rules. */
class RolesServiceOnDynamoTest extends RolesServiceTest {

    @Override
    Services services(MovableClock clock) {
        return Services.onDynamo(clock);
    }
}
