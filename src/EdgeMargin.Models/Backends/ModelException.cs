namespace EdgeMargin.Models.Backends;

/// <summary>A model backend failed in a way the user can act on (unreachable, wrong model, no logprobs, malformed reply).</summary>
public sealed class ModelException(string message, Exception? inner = null) : Exception(message, inner);
