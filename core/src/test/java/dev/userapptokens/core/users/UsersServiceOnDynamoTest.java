package dev.userapptokens.core.users;

import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.Services;

/** {@link UsersServiceTest} on the DynamoDB store: both implementations keep the same rules. */
class UsersServiceOnDynamoTest extends UsersServiceTest {

    @Override
    Services services(MovableClock clock) {
        return Services.onDynamo(clock);
    }
}
