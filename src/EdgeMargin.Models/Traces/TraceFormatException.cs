namespace EdgeMargin.Models.Traces;

/// <summary>A trace line is not valid: names file, line and field.</summary>
public sealed class TraceFormatException(string message, Exception? inner = null) : Exception(message, inner);
