/**
 * What the peer shows of itself, as records both front ends use: the shell prints them as text or,
 * under {@code --json}, serialises them with {@link dev.p2pshare.peer.view.Json#MAPPER}; the web
 * API answers with them. Each record's components are the fields of its JSON object, in order;
 * a component marked {@code @JsonInclude(NON_NULL)} is one that only some answers carry, and is
 * left out, not written as {@code null}, when absent. Nothing here knows the wire protocol's
 * framing or either front end.
 */
package dev.p2pshare.peer.view;

