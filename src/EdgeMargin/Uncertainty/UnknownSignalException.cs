namespace EdgeMargin.Uncertainty;

/// <summary>A signal name that <see cref="SignalCatalog"/> does not know.</summary>
public sealed class UnknownSignalException(string name)
    : ArgumentException($"Unknown signal '{name}'. Valid signals: {string.Join(", ", SignalCatalog.Names)}.");
