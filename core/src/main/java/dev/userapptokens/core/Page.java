package dev.userapptokens.core;

import java.util.List;

/** One page of a listing and the opaque cursor of the next, or null at the end. */
public record Page<T>(List<T> items, String nextCursor) {
}
