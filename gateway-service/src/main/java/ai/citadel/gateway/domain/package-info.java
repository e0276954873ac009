/**
 * The gateway's own domain types, shared by the layers that may not depend on each other: the backend clients
 * ({@code client}) produce them and the services ({@code service}) consume them. Keeping them here, rather than in
 * the client package, lets the service layer speak of a generation without depending on how any backend is called,
 * and keeps every dependency pointing one way: rest → service → client/repository, all of them → domain.
 * <p>
 * Wire types (OpenAI, Ollama) are not here: they are shared with other services and live in common-model.
 */
package ai.citadel.gateway.domain;
