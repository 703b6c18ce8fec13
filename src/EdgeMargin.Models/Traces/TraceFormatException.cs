namespace EdgeMargin.Models.Traces;

/// <summary>A trace cannot be used: a line is not valid (the message names file, line and field), or resuming it would mix runs.</summary>
public sealed class TraceFormatException(string message, Exception? inner = null) : Exception(message, inner);
