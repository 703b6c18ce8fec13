namespace EdgeMargin.Uncertainty;

/// <summary>Every uncertainty signal by its command-line name.</summary>
public static class SignalCatalog
{
    /// <summary>Names in the order tables list them; "margin" (the paper's) first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["margin", "max-prob", "entropy", "log-ratio", "mean-logprob"];

    /// <summary>The signal named <paramref name="name"/> (case-insensitive, trimmed).</summary>
    /// <exception cref="UnknownSignalException">No signal has that name; the message lists the valid ones.</exception>
    public static IQuerySignal Create(string name) => (name ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "margin" => MarginSignal.Instance,
        "max-prob" => MaxProbabilitySignal.Instance,
        "entropy" => EntropySignal.Instance,
        "log-ratio" => LogRatioSignal.Instance,
        "mean-logprob" => MeanLogProbSignal.Instance,
        _ => throw new UnknownSignalException(name ?? string.Empty),
    };

    /// <summary>
    /// The signal named <paramref name="name"/> when it needs only a next-token list, which is all a decide request or
    /// scenario file carries.
    /// </summary>
    /// <exception cref="UnknownSignalException">No signal has that name.</exception>
    /// <exception cref="SignalUnavailableException">The signal needs more than the next-token list (mean-logprob).</exception>
    public static IUncertaintySignal CreateNextToken(string name) => Create(name) as IUncertaintySignal
        ?? throw new SignalUnavailableException($"Signal '{name.Trim()}' needs the answer's token log-probabilities, which a next-token list does not carry; use {string.Join(", ", Names.Where(n => Create(n) is IUncertaintySignal))}.");

    /// <summary>Every signal, in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<IQuerySignal> All() => Names.Select(Create).ToArray();
}
